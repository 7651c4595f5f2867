/**
 * The layering of src (README: Design notes): no import cycle; the core imports nothing outside the core; printers
 * import only the core; adapters never import commands. `npm run lint` fails on any violation.
 */
module.exports = {
    forbidden: [
        { name: 'no-cycle', severity: 'error', comment: 'an import cycle', from: {}, to: { circular: true } },
        {
            name: 'core-is-pure',
            severity: 'error',
            comment: 'src/core takes plain objects and does no I/O: it imports nothing outside src/core',
            from: { path: '^src/core/' },
            to: { path: '^src/', pathNot: '^src/core/' },
        },
        {
            name: 'core-no-io-modules',
            severity: 'error',
            comment: 'src/core does no I/O',
            from: { path: '^src/core/' },
            to: { dependencyTypes: ['core'], path: '^(node:)?(fs|net|dgram|http|https|child_process|tls|dns)$' },
        },
        {
            name: 'render-imports-core',
            severity: 'error',
            comment: 'printers print reports: they import the core and each other, never commands, adapters or the run context',
            from: { path: '^src/render/' },
            to: { path: '^src/', pathNot: '^src/(core|render)/' },
        },
        {
            name: 'adapters-below-commands',
            severity: 'error',
            comment: 'adapters serve commands, never the other way round',
            from: { path: '^src/adapters/' },
            to: { path: '^src/(commands|render|demo|completion)/|^src/(cli|context)\\.ts$' },
        },
    ],
    options: {
        tsConfig: { fileName: 'tsconfig.json' },
        // type-only imports count: a cycle through types is still a cycle a reader has to untangle
        tsPreCompilationDeps: true,
        doNotFollow: { path: 'node_modules' },
        exclude: { path: '^(dist|node_modules)/' },
    },
};
