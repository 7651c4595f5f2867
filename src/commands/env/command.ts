import { Command, Option } from 'commander';
import type { RunContext } from '../../context.js';
import { formatsOf } from '../../render/formats.js';
import { addSourceOptions, colorOption, noColorOption } from '../common/options.js';
import type { EnvOptions } from './run.js';

/** What root help lists of env: its name, arguments and description (cli.ts builds the flags only for the command that runs). */
export function envHead(): Command {
    return new Command('env').description(
        "the service environment variables kubelet injects into a pod's containers ({SVC}_SERVICE_HOST, _PORT, docker-link vars)",
    );
}

export function envCommand(ctx: RunContext): Command {
    const cmd = envHead()
        .option('--pod <name>', "compute for this pod's container (its own env wins, $(VAR) expansion)")
        .option('-c, --container <name>', 'container of --pod (default: the first)')
        .option('--compare', "read the running container's real environment (exec) and show how it differs")
        .addOption(
            new Option('-o, --output <format>', 'table (default on a terminal), dotenv (default otherwise), shell, json, yaml').choices(formatsOf('env')),
        )
        .addOption(colorOption())
        .addOption(noColorOption())
        .option('--no-headers', 'omit table headers')
        .option('--debug', 'show stack traces of internal errors')
        .option('-v, --verbose', 'explain what svcdig does, on stderr');
    addSourceOptions(cmd);
    cmd.addHelpText(
        'after',
        `
Examples:
  # what every new pod in "default" of the demo gets
  svcdig env --demo
  # why is REDIS_MASTER_SERVICE_HOST missing? the variables as kubelet builds them, from manifests
  svcdig env -n default -f cluster.yaml -o dotenv
  # a live pod's container, as shell exports
  svcdig env --pod web-0 -o shell`,
    );
    cmd.action(async (opts: EnvOptions) => {
        const { runEnv } = await import('./run.js');
        await runEnv(opts, ctx);
    });
    return cmd;
}
