/**
 * Run as the kubectl plugin (bin/kubectl-svcdig, or the standalone binary named kubectl-svcdig), svcdig is typed as
 * `kubectl svcdig`: help and examples say so. Example lines are the indented lines that start with `svcdig `.
 */
export function asKubectlPlugin(text: string): string {
    return text.replace(/^([ \t]+)svcdig /gm, '$1kubectl svcdig ');
}
