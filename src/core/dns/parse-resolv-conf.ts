/**
 * Reading a pod's /etc/resolv.conf (as `svcdig resolve --as-pod` gets it through exec) the way the stub resolvers do
 * (resolv.conf(5); glibc `resolv/res_init.c`, musl `src/network/resolvconf.c`):
 * - a line is a keyword at the very start of the line and its arguments separated by blanks; a line starting with
 *   `#` or `;` is a comment, and so is, in effect, one starting with a blank (neither library recognises a keyword there);
 * - `nameserver ADDR`: one per line, in order; both libraries use only the first 3 (MAXNS);
 * - `search D…` and `domain D` each replace the search list: the last of them in the file wins (`domain` = a list of one);
 *   entries keep their order and duplicates; a trailing dot is dropped, but a root entry `.` stays (both libraries
 *   give it a meaning: searchCandidates);
 * - `options` accumulate in order; `ndots:N` is capped at 15 and the last one wins (default 1);
 * - unknown keywords are ignored.
 */
import { isRootSearchEntry, MAX_NAMESERVERS, ndotsOf, type ResolvConf } from './index.js';

const searchEntry = (d: string) => (isRootSearchEntry(d) ? '.' : d.replace(/\.$/, ''));

export interface ParsedResolvConf extends ResolvConf {
    /** Nameservers after the first 3: listed in the file, never asked. */
    ignoredNameservers: string[];
    /** Lines the resolvers ignore (unknown keywords, a keyword without arguments), for notes. */
    ignored: string[];
}

export function parseResolvConf(text: string): ParsedResolvConf {
    const nameservers: string[] = [];
    const ignoredNameservers: string[] = [];
    const ignored: string[] = [];
    let search: string[] = [];
    const options: string[] = [];
    for (const raw of text.split(/\r?\n/)) {
        if (raw.trim() === '' || /^[#;]/.test(raw)) continue;
        if (/^[ \t]/.test(raw)) {
            ignored.push(raw.trim());
            continue;
        }
        const [keyword, ...args] = raw.trim().split(/[ \t]+/);
        if (args.length === 0) {
            ignored.push(raw.trim());
            continue;
        }
        switch (keyword) {
            case 'nameserver':
                if (nameservers.length < MAX_NAMESERVERS) nameservers.push(args[0]!);
                else ignoredNameservers.push(args[0]!);
                break;
            case 'search':
                search = args.map(searchEntry);
                break;
            case 'domain':
                search = [searchEntry(args[0]!)];
                break;
            case 'options':
                options.push(...args);
                break;
            default:
                ignored.push(raw.trim());
        }
    }
    return { nameservers, search, ndots: ndotsOf(options), options, ignoredNameservers, ignored };
}
