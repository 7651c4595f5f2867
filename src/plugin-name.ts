/**
 * Run as the kubectl plugin (bin/kubectl-svcdig, or the standalone binary named kubectl-svcdig), svcdig is typed as
 * `kubectl svcdig`: help and examples say so. Example lines are the indented lines that start with `svcdig `.
 */
export function asKubectlPlugin(text: string): string {
    return text.replace(/^([ \t]+)svcdig /gm, '$1kubectl svcdig ');
}

/**
 * An error or hint line as the kubectl plugin: every command line it quotes (`svcdig explain nginx`, after a space, a
 * parenthesis, a quote or a backtick) says `kubectl svcdig`.
 */
export function asKubectlPluginLine(text: string): string {
    return text.replace(/(^|[\s(`'"])(?<!kubectl )svcdig (?=[a-z-])/gm, '$1kubectl svcdig ');
}
