import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
    { ignores: ['dist/', 'build/', 'node_modules/', 'completions/'] },
    js.configs.recommended,
    ...tseslint.configs.recommended,
    // CommonJS configuration files (dependency-cruiser's)
    { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } } },
    {
        languageOptions: {
            globals: {
                process: 'readonly',
                console: 'readonly',
                Buffer: 'readonly',
                URL: 'readonly',
                setTimeout: 'readonly',
                clearTimeout: 'readonly',
                setInterval: 'readonly',
                clearInterval: 'readonly',
                AbortController: 'readonly',
                TextDecoder: 'readonly',
                TextEncoder: 'readonly',
                structuredClone: 'readonly',
                performance: 'readonly',
                fetch: 'readonly',
                setImmediate: 'readonly',
            },
        },
        rules: {
            '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
            // DNS wire data and terminal output are full of control characters on purpose.
            'no-control-regex': 'off',
        },
    },
);
