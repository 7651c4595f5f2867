import { Command, Option } from 'commander';
import type { RunContext } from '../../context.js';
import { addDnsQueryOptions, addOutputOptions, addSourceOptions } from '../common/options.js';
import type { ResolveOptions } from './options.js';
import { ambiguityNotes, lastTransportWord, nslookupTypeFlags, optionsWithDigWords, readDigWords, reverseQueries } from './dig-words.js';

const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];

/** The command line as parsed: commander keeps it (rawArgs, untyped) on the program a command belongs to only. */
const commandLine = (cmd: Command): string[] => (cmd.parent ? commandLine(cmd.parent) : ((cmd as unknown as { rawArgs?: string[] }).rawArgs ?? []));

/** What root help lists of resolve: its name, arguments and description (cli.ts builds the flags only for the command that runs). */
export function resolveHead(): Command {
    return new Command('resolve')
        .description('expected DNS records for NAME (from the Services, EndpointSlices and Pods) side by side with what the cluster DNS answers')
        .argument(
            '[names...]',
            'names as a pod would type them (web-0.nginx, my-svc.my-ns, _http._tcp.web, 10.44.0.5 for PTR); a trailing dot means absolute. As in dig, a type word after a name is its type (nginx SRV), @SERVER is --server, +short/+tcp/+notcp are -o short/--tcp',
        );
}

export function resolveCommand(ctx: RunContext): Command {
    const cmd = resolveHead()
        .option(
            '-t, --type <type>',
            'record type: A, AAAA, SRV, PTR, CNAME, TXT, NS, SOA, ANY... (repeatable or a comma list, -t A,AAAA; default A, PTR for an IP address)',
            collect,
        )
        .option('-x <address>', 'reverse lookup, as dig -x: the PTR of ADDRESS (repeatable; a bare address means the same)', collect)
        .option('--batch <file>', 'read queries from FILE (- = stdin), like dig -f: each line read as resolve reads its words (NAME [TYPE...], TYPE NAME...)')
        .option('--all-replicas', 'ask every ready CoreDNS pod separately and flag replicas that disagree')
        .option('--as-pod <ns/pod>', 'resolve exactly as that pod does (its resolv.conf: search list, ndots, nameservers)')
        .option(
            '-w, --watch',
            're-render when something changes: as the API reports changes (live) or every 2s (files, demo); DNS is asked again each round (Ctrl-C to stop)',
        )
        .addOption(new Option('--stub <flavour>', 'stub resolver whose search-list rules to follow').choices(['glibc', 'musl']).default('glibc'));
    addDnsQueryOptions(cmd);
    addSourceOptions(cmd);
    addOutputOptions(cmd, 'resolve', 'table');
    const parseOptions = cmd.parseOptions.bind(cmd);
    cmd.parseOptions = (argv) => parseOptions(nslookupTypeFlags(argv));
    cmd.addHelpText(
        'after',
        `
Examples:
  # why does web-0.nginx resolve (or not) from a pod in "default"? (built-in demo)
  svcdig resolve web-0.nginx --demo
  # SRV records of a named port, expected only, from manifests
  svcdig resolve _web._tcp.nginx -t SRV --expected-only -f cluster.yaml
  # dig's words: the type after the name, the server after @, answers only
  svcdig resolve @127.0.0.1:5353 _web._tcp.nginx SRV +short -f cluster.yaml
  # two DNS servers side by side, their disagreements flagged
  svcdig resolve nginx --server 127.0.0.1:5301 --server 127.0.0.1:5302 -f cluster.yaml
  # check a DNS server against a dump of the cluster (no cluster needed)
  kubectl get svc,endpointslices,pods -A -o yaml > dump.yaml
  svcdig resolve open1-headless.dev.svc.cluster.local. -f dump.yaml --server 127.0.0.1:5353`,
    );
    cmd.action(async (args: string[], flags: ResolveOptions, self: Command) => {
        const words = readDigWords(args);
        const read = optionsWithDigWords(words, flags, self.getOptionValueSource('output') !== 'default');
        const tcp = lastTransportWord(commandLine(self));
        const opts = tcp === undefined ? read : { ...read, tcp };
        const queries = [...words.queries, ...reverseQueries(flags.x)];
        for (const note of ambiguityNotes(words)) ctx.note(note);
        if (opts.watch) return (await import('./watch.js')).watchResolve(queries, opts, ctx);
        const { runResolve } = await import('./run.js');
        await runResolve(queries, opts, ctx);
    });
    return cmd;
}
