import { Command } from 'commander';
import type { RunContext } from '../../context.js';
import { addOutputOptions, addSourceOptions } from '../common/options.js';
import type { ExplainOptions } from './run.js';

export function explainCommand(ctx: RunContext): Command {
    const cmd = new Command('explain')
        .description(
            "a Service's anatomy: type, ports → target ports per pod, selector → pods → endpoints, every DNS name and record it creates, the env vars it gives pods, and findings",
        )
        .argument('[service]', 'Service name (in -n NAMESPACE); on a terminal, omit it to choose from a list')
        .option('-w, --watch', 're-render when something changes: as the API reports changes (live) or every 2s (files, demo) (Ctrl-C to stop)');
    addSourceOptions(cmd);
    addOutputOptions(cmd, 'explain', 'describe');
    cmd.addHelpText(
        'after',
        `
Examples:
  # the StatefulSet's headless Service of the demo: per-pod names, SRV, PTR
  svcdig explain nginx --demo
  # a selector-less Service from manifests, as JSON for scripts
  svcdig explain my-service -f cluster.yaml -o json`,
    );
    cmd.action(async (service: string | undefined, opts: ExplainOptions) => {
        const { runExplain } = await import('./run.js');
        await runExplain(service, opts, ctx);
    });
    return cmd;
}
