import { typeNameWords } from '../../core/object-ref.js';
import { Command, Option } from 'commander';
import type { RunContext } from '../../context.js';
import { FAIL_ON_LEVELS } from '../../core/fail-on.js';
import { addDnsQueryOptions, addOutputOptions, addSourceOptions } from '../common/options.js';
import { DEFAULT_DEADLINE } from './deadline.js';
import type { CheckOptions } from './run.js';

/** What root help lists of check: its name, arguments and description (cli.ts builds the flags only for the command that runs). */
export function checkHead(): Command {
    return new Command('check')
        .description('CI smoke check: resolve every DNS name each Service should have against the cluster DNS and evaluate every finding')
        .argument('[services...]', 'Services to check (default: every Service in the namespace, or all with -A)');
}

export function checkCommand(ctx: RunContext): Command {
    const cmd = checkHead()
        .option('-A, --all-namespaces', 'every namespace')
        .option('-l, --selector <selector>', 'only Services with these labels (k=v,k!=v,k in (a,b),k,!k)')
        .addOption(
            new Option('--fail-on <level>', 'exit 1 when a DNS mismatch or a finding at this level or above is found')
                .choices([...FAIL_ON_LEVELS])
                .default('error'),
        )
        .option(
            '-q, --quiet',
            'print the summary line only, no table or details (-o table and wide; refused with json, yaml and github, which have no summary-only form)',
        )
        .option('--junit <file>', 'also write a JUnit XML report (a testcase per Service and record)')
        .option('--wait <duration>', 're-check until everything matches or the time runs out (e.g. 2m), progress on stderr')
        .option('--concurrency <n>', 'DNS queries in flight at most (default 64)')
        .option(
            '--deadline <duration>',
            `stop after this long overall: records not reached are reported as not checked, exit 5 (default ${DEFAULT_DEADLINE}, plus --wait)`,
        );
    addDnsQueryOptions(cmd);
    addSourceOptions(cmd);
    // check alone takes several contexts (contexts.ts): --context collects its values, in the order given.
    cmd.options
        .find((o) => o.long === '--context')
        ?.argParser((value: string, previous: string | string[] | undefined) => [...(typeof previous === 'string' ? [previous] : (previous ?? [])), value]);
    cmd.option('--all-contexts', 'check every context of the kubeconfig, a few at a time, in one report (a section per context; exit: the worst)');
    addOutputOptions(cmd, 'check', 'table');
    cmd.addHelpText(
        'after',
        `
Examples:
  # after a deploy: wait until every Service in "shop" resolves as it should
  svcdig check -n shop --wait 2m --junit dns-report.xml
  # the whole demo cluster, failing on warnings too
  svcdig check -A --demo --fail-on warning
  # two clusters in one run and one report
  svcdig check -A --context prod-eu --context prod-us`,
    );
    cmd.action(async (services: string[], opts: CheckOptions) => {
        const { runCheck } = await import('./run.js');
        // kubectl's TYPE NAME... order (check svc a b): core/object-ref.ts
        await runCheck(typeNameWords(services), opts, ctx);
    });
    return cmd;
}
