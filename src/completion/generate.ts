import {
    globalOptions,
    RESOLVE_WORDS,
    SOURCE_FLAGS,
    SOURCE_FLAGS_WITH_EQUALS,
    SOURCE_FLAGS_WITH_VALUE,
    type CompletionCommand,
    type CompletionOption,
} from './command-tree.js';

/**
 * Shell completion scripts generated from the command tree; checked into completions/ and kept current by a test
 * (test/cli/completion.test.ts), and tried in real shells by test/ship/completion-tmux.test.ts.
 *
 * Names (namespaces, Services, pods, contexts) come from `svcdig __complete KIND` with the source flags typed before
 * the word being completed (SOURCE_FLAGS*: -n, --context, --kubeconfig, -f, --demo, …) — but never a flag whose
 * value is the word being completed (`-n <TAB>` asks for namespaces without an empty `-n ""`). Before the command
 * they offer every command's flags and their values; a Service argument typed `NS/` offers NS's Services as NS/NAME;
 * resolve's arguments offer dig's `+` words and the record types.
 */
export function generateCompletion(shell: 'bash' | 'zsh' | 'fish', tree: CompletionCommand[], prog = 'svcdig'): string {
    if (shell === 'bash') return bash(tree, prog);
    if (shell === 'zsh') return zsh(tree, prog);
    return fish(tree, prog);
}

const fn = (prog: string) => `_${prog.replace(/[^a-zA-Z0-9]/g, '_')}`;
const withValue = SOURCE_FLAGS_WITH_VALUE.join('|');
const withEquals = SOURCE_FLAGS_WITH_EQUALS.join('|');
const alone = SOURCE_FLAGS.join('|');

/** What bash offers for the value of option `o` (the word after the flag). */
function bashValueAction(o: CompletionOption, f: string): string {
    if (o.choices.length > 0) return `COMPREPLY=( $(compgen -W "${o.choices.join(' ')}" -- "$cur") )`;
    if (o.dynamic === 'files') return `COMPREPLY=( $(compgen -f -- "$cur") )`;
    if (o.dynamic) return `COMPREPLY=( $(compgen -W "$(${f}_dynamic ${o.dynamic})" -- "$cur") )`;
    return 'COMPREPLY=()';
}

/** What bash offers for a subcommand's arguments (words that are not flags). */
function bashArgumentAction(c: CompletionCommand, f: string): string {
    if (c.argument === 'services')
        return `if [[ "$cur" == */* ]]; then
                    COMPREPLY=( $(compgen -P "\${cur%%/*}/" -W "$(${f}_dynamic services -n "\${cur%%/*}")" -- "\${cur#*/}") )
                else
                    COMPREPLY=( $(compgen -W "$(${f}_dynamic services)" -- "$cur") )
                fi`;
    if (c.argument === 'shells') return 'COMPREPLY=( $(compgen -W "bash zsh fish" -- "$cur") )';
    if (c.argument === 'names')
        return `if [[ "$cur" == +* ]]; then
                    COMPREPLY=( $(compgen -W "${RESOLVE_WORDS.plus.join(' ')}" -- "$cur") )
                elif [[ -n "$cur" ]]; then
                    COMPREPLY=( $(compgen -W "${RESOLVE_WORDS.types.join(' ')}" -- "$cur") )
                else
                    COMPREPLY=()
                fi`;
    return 'COMPREPLY=()';
}

/** The `case "$prev"` lines offering the values of `options`' flags. */
const bashPrevCases = (options: CompletionOption[], f: string, indent: string) =>
    options
        .filter((o) => o.takesValue)
        .map((o) => `${indent}${o.flags.join('|')}) ${bashValueAction(o, f)}; return ;;`)
        .join('\n');

/** The `case "$sub"` branch of one subcommand: a flag's value after a value flag, else its flags or its arguments. */
function bashCommandCase(c: CompletionCommand, f: string): string {
    const flags = c.options.flatMap((o) => o.flags).join(' ');
    return `        ${c.name})
            case "$prev" in
${bashPrevCases(c.options, f, '                ')}
            esac
            if [[ "$cur" == -* ]]; then
                COMPREPLY=( $(compgen -W "${flags}" -- "$cur") )
            else
                ${c.argument && !c.variadic ? `if ((args > 0)); then COMPREPLY=(); else ${bashArgumentAction(c, f)}; fi` : bashArgumentAction(c, f)}
            fi
            ;;`;
}

/**
 * `<fn>_dynamic KIND [FLAGS]`: asks `svcdig __complete KIND` with the source flags typed so far, then FLAGS (which win).
 * bash splits `--namespace=x` into `--namespace`, `=`, `x` (COMP_WORDBREAKS holds `=`): the value is then two on.
 */
function bashDynamic(prog: string, f: string): string {
    return `${f}_dynamic() {
    local kind="$1" i
    shift
    local -a pass=()
    for ((i = 1; i < COMP_CWORD; i++)); do
        case "\${COMP_WORDS[i]}" in
            ${withValue})
                if [[ "\${COMP_WORDS[i+1]}" == "=" ]]; then
                    if ((i + 2 < COMP_CWORD)); then pass+=("\${COMP_WORDS[i]}" "\${COMP_WORDS[i+2]/#\\~/$HOME}"); fi
                    ((i += 2))
                elif ((i + 1 < COMP_CWORD)); then pass+=("\${COMP_WORDS[i]}" "\${COMP_WORDS[i+1]/#\\~/$HOME}"); ((i++))
                fi ;;
            ${alone}) pass+=("\${COMP_WORDS[i]}") ;;
        esac
    done
    ${prog} __complete "$kind" "\${pass[@]}" "$@" 2>/dev/null
}`;
}

/**
 * Every flag that takes a value, in any command: a command's flags may come before it (svcdig -n NS explain …, as
 * commands/common/leading-flags.ts reads them), so the scripts skip these with their values to find the command.
 */
const valueFlags = (tree: CompletionCommand[]) => [...new Set(tree.flatMap((c) => c.options.filter((o) => o.takesValue).flatMap((o) => o.flags)))].join('|');

function bash(tree: CompletionCommand[], prog: string): string {
    const f = fn(prog);
    const cases = tree.map((c) => bashCommandCase(c, f)).join('\n');
    const globals = globalOptions(tree);
    return `# bash completion for ${prog} (generated by '${prog} completion bash'; do not edit)
# Enable: source <(${prog} completion bash)   or copy to /etc/bash_completion.d/${prog}
${bashDynamic(prog, f)}
${f}() {
    local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}" sub="" i args=0
    # --flag=<TAB>: bash splits the word at "=", so the flag is the word before the "=".
    if [[ "$prev" == "=" ]]; then prev="\${COMP_WORDS[COMP_CWORD-2]}"; fi
    if [[ "$cur" == "=" ]]; then prev="\${COMP_WORDS[COMP_CWORD-1]}"; cur=""; fi
    for ((i = 1; i < COMP_CWORD; i++)); do
        case "\${COMP_WORDS[i]}" in
            ${valueFlags(tree)}) if [[ "\${COMP_WORDS[i+1]}" == "=" ]]; then ((i += 2)); else ((i++)); fi ;;
            -*) ;;
            # The command, then its positional words (explain takes one Service: none is offered after it).
            *) if [[ -z "$sub" ]]; then sub="\${COMP_WORDS[i]}"; else ((args++)); fi ;;
        esac
    done
    if [[ -z "$sub" ]]; then
        # Flags before the command are the command's (as in kubectl): every command's flags and their values.
        case "$prev" in
${bashPrevCases(globals, f, '            ')}
        esac
        if [[ "$cur" == -* ]]; then
            COMPREPLY=( $(compgen -W "${globals.flatMap((o) => o.flags).join(' ')} --help --version" -- "$cur") )
        else
            COMPREPLY=( $(compgen -W "${tree.map((c) => c.name).join(' ')}" -- "$cur") )
        fi
        return
    fi
    case "$sub" in
${cases}
    esac
}
complete -F ${f} ${prog}
`;
}

function zshEscape(s: string): string {
    return s.replace(/[[\]:'\\]/g, (m) => (m === "'" ? "'\\''" : `\\${m}`));
}

/** The _arguments action for an option's value (single-quoted in the script: no `$` in it). */
function zshValue(o: CompletionOption, f: string): string {
    if (!o.takesValue) return '';
    if (o.choices.length > 0) return `:value:(${o.choices.join(' ')})`;
    if (o.dynamic === 'files') return ':file:_files';
    if (o.dynamic) return `:${o.dynamic}:${f}_dynamic ${o.dynamic}`;
    return ':value: ';
}

/** The _arguments spec of a subcommand's arguments (words that are not flags), with its line continuation. */
function zshArgument(c: CompletionCommand, f: string): string {
    // '1:' offers a Service for the first word only (explain takes one); '*:' for every word (check takes many).
    const position = c.variadic ? '*' : '1';
    if (c.argument === 'services') return ` \\\n                '${position}:service:${f}_dynamic services'`;
    if (c.argument === 'shells') return ` \\\n                '1:shell:(bash zsh fish)'`;
    // Any name: nothing to offer for it, but dig's + words and the record types after a prefix.
    if (c.argument === 'names') return ` \\\n                '*:name:${f}_resolve_words'`;
    return '';
}

/** The `case` lines offering the values of `options`' flags, for the word after the flag. */
function zshPrevCases(options: CompletionOption[], f: string): string {
    const action = (o: CompletionOption) => {
        if (o.choices.length > 0) return `compadd -- ${o.choices.join(' ')}`;
        if (o.dynamic === 'files') return '_files';
        if (o.dynamic) return `${f}_dynamic ${o.dynamic}`;
        return ':';
    };
    return options
        .filter((o) => o.takesValue)
        .map((o) => `            ${o.flags.join('|')}) ${action(o)}; return ;;`)
        .join('\n');
}

/** The `case "$sub"` branch of one subcommand: one _arguments call with its flags and arguments. */
function zshCommandCase(c: CompletionCommand, f: string): string {
    const specs = c.options
        .map((o) => {
            // "--flag=" (and kubectl's "-n=NS"): the value may follow in the same word after "=" as well as in the next
            // word (zsh's _arguments).
            const spelled = o.flags.map((flag) => (o.takesValue ? `${flag}=` : flag));
            const names = o.flags.length > 1 ? `(${o.flags.join(' ')})'{${spelled.join(',')}}'` : spelled[0]!;
            return `                '${names}[${zshEscape(o.description)}]${zshValue(o, f)}'`;
        })
        .join(' \\\n');
    return `        ${c.name})
            _arguments \\
${specs}${zshArgument(c, f)}
            ;;`;
}

/** zsh's helpers: the names the flags typed so far name (asked of `PROG __complete`), and resolve's dig words. */
function zshHelpers(prog: string, f: string): string {
    return `${f}_dynamic() {
    # _arguments passes compadd options first: the kind is the last argument.
    local kind=\${argv[-1]} i
    local -a pass names
    for (( i = 1; i < CURRENT; i++ )); do
        case \${words[i]} in
            ${withValue}) (( i + 1 < CURRENT )) && pass+=(\${words[i]} \${\${(Q)words[i+1]}/#\\~/$HOME}) ;;
            ${withEquals}) pass+=(\${(Q)words[i]}) ;;
            ${alone}) pass+=(\${words[i]}) ;;
        esac
    done
    # NS/<TAB>: NS's Services, offered as NS/NAME.
    local prefix=
    if [[ $kind == services && $PREFIX == */* ]]; then
        prefix=\${PREFIX%%/*}/
        pass+=(-n \${PREFIX%%/*})
    fi
    names=(\${(f)"$(${prog} __complete $kind "\${pass[@]}" 2>/dev/null)"})
    names=(\${names/#/$prefix})
    _describe -t $kind $kind names
}
${f}_resolve_words() {
    if [[ $PREFIX == +* ]]; then
        compadd -- ${RESOLVE_WORDS.plus.join(' ')}
    elif [[ -n $PREFIX ]]; then
        compadd -- ${RESOLVE_WORDS.types.join(' ')}
    fi
}`;
}

function zsh(tree: CompletionCommand[], prog: string): string {
    const f = fn(prog);
    const subs = tree.map((c) => `        '${c.name}:${zshEscape(c.description)}'`).join('\n');
    const globals = globalOptions(tree);
    const flagList = [
        ...globals.flatMap((o) => o.flags.map((flag) => `        '${flag}:${zshEscape(o.description)}'`)),
        "        '--help:show help'",
        "        '--version:print the version'",
    ].join('\n');
    const cases = tree.map((c) => zshCommandCase(c, f)).join('\n');
    return `#compdef ${prog}
# zsh completion for ${prog} (generated by '${prog} completion zsh'; do not edit)
# Enable: ${prog} completion zsh > "\${fpath[1]}/_${prog}"
# Names from the cluster, the files or the demo that the flags typed so far name.
${zshHelpers(prog, f)}
${f}() {
    local -a subcommands globalflags
    subcommands=(
${subs}
    )
    globalflags=(
${flagList}
    )
    # The command is the first word that is neither a flag nor a flag's value; flags before it are moved after it.
    local i=2
    while (( i < CURRENT )); do
        case \${words[i]} in
            ${valueFlags(tree)}) (( i += 2 )) ;;
            -*) (( i++ )) ;;
            *) break ;;
        esac
    done
    if (( i >= CURRENT )); then
        # Flags before the command are the command's (as in kubectl): every command's flags and their values.
        case \${words[CURRENT-1]} in
${zshPrevCases(globals, f)}
        esac
        if [[ $PREFIX == -* ]]; then
            _describe 'flag' globalflags
        else
            _describe 'command' subcommands
        fi
        return
    fi
    local sub=\${words[i]}
    words=("\${words[i]}" "\${(@)words[2,i-1]}" "\${(@)words[i+1,-1]}")
    (( CURRENT-- ))
    case "$sub" in
${cases}
    esac
}
compdef ${f} ${prog}
`;
}

function fishEscape(s: string): string {
    return s.replace(/\\/g, '\\\\').replace(/'/g, "\\'");
}

/** One `complete` line for a flag (and what its value offers) when `cond` holds. */
function fishOption(prog: string, cond: string, o: CompletionOption, f: string): string {
    const parts = [`complete -c ${prog} -n '${cond}'`];
    for (const flag of o.flags) parts.push(flag.startsWith('--') ? `-l ${flag.slice(2)}` : `-s ${flag.slice(1)}`);
    if (o.takesValue) {
        // -x: takes a value and offers no files; -r -F: a file name.
        if (o.dynamic === 'files') parts.push('-r -F');
        else parts.push('-x');
        if (o.choices.length > 0) parts.push(`-a '${o.choices.join(' ')}'`);
        else if (o.dynamic && o.dynamic !== 'files') parts.push(`-a '(${f}_dynamic ${o.dynamic})'`);
    }
    parts.push(`-d '${fishEscape(o.description)}'`);
    return [parts.join(' '), ...fishShortEquals(prog, cond, o, f)].join('\n');
}

/**
 * kubectl's -n=NS form: fish completes --flag=VALUE itself, but reads `-n=` as -n with the value "=" attached, so while
 * the word typed starts with `-n=` the values are offered with a leading "=".
 */
function fishShortEquals(prog: string, cond: string, o: CompletionOption, f: string): string[] {
    if (!o.takesValue || o.dynamic === 'files' || (o.choices.length === 0 && !o.dynamic)) return [];
    return o.flags
        .filter((flag) => !flag.startsWith('--'))
        .map((flag) => {
            const values = o.choices.length > 0 ? `string join \\n ${o.choices.join(' ')}` : `${f}_dynamic ${o.dynamic}`;
            return `complete -c ${prog} -n '${cond}; and string match -q -- "${flag}=*" (commandline -ct)' -s ${flag.slice(1)} -x -a '(${values} | string replace -r "^" -- "=")'`;
        });
}

/** The `complete` lines for a command's arguments (words that are not flags). */
function fishArguments(prog: string, cond: string, c: CompletionCommand, f: string): string[] {
    if (c.argument === 'services') return [`complete -c ${prog} -n '${cond}' -a '(${f}_services)'`];
    if (c.argument === 'shells') return [`complete -c ${prog} -n '${cond}' -a 'bash zsh fish'`];
    if (c.argument !== 'names') return [];
    return [
        `complete -c ${prog} -n '${cond}; and string match -q -- "+*" (commandline -ct)' -a '${RESOLVE_WORDS.plus.join(' ')}'`,
        `complete -c ${prog} -n '${cond}; and string length -q -- (commandline -ct)' -a '${RESOLVE_WORDS.types.join(' ')}'`,
    ];
}

/** fish's helper functions: the names the flags typed so far name, NS/NAME Services, the words after the command. */
function fishHelpers(tree: CompletionCommand[], prog: string, f: string): string[] {
    return [
        '# Names from the cluster, the files or the demo that the flags typed so far name.',
        `function ${f}_dynamic`,
        '    set -l tokens (commandline -opc)',
        '    set -l pass',
        '    set -l n (count $tokens)',
        '    for i in (seq 2 $n)',
        '        switch $tokens[$i]',
        `            case ${SOURCE_FLAGS_WITH_VALUE.join(' ')}`,
        '                if test $i -lt $n',
        '                    set -a pass $tokens[$i] $tokens[(math $i + 1)]',
        '                end',
        `            case ${SOURCE_FLAGS.join(' ')} ${SOURCE_FLAGS_WITH_EQUALS.map((w) => `'${w}'`).join(' ')}`,
        '                set -a pass $tokens[$i]',
        '        end',
        '    end',
        `    ${prog} __complete $argv[1] $pass $argv[2..-1] 2>/dev/null`,
        'end',
        '# NS/<TAB>: the Services of NS, as NS/NAME.',
        `function ${f}_services`,
        '    set -l cur (commandline -ct)',
        "    if string match -q -- '*/*' $cur",
        '        set -l ns (string split -m1 / -- $cur)[1]',
        `        for name in (${f}_dynamic services -n $ns)`,
        '            echo $ns/$name',
        '        end',
        '    else',
        `        ${f}_dynamic services`,
        '    end',
        'end',
        // The words after the command that are neither flags nor a flag's value (explain takes one Service).
        `function ${f}_arguments`,
        '    set -l count -1',
        '    set -l skip 0',
        '    for token in (commandline -opc)[2..-1]',
        '        if test $skip -eq 1',
        '            set skip 0',
        '            continue',
        '        end',
        '        switch $token',
        `            case ${valueFlags(tree).split('|').join(' ')}`,
        '                set skip 1',
        "            case '-*'",
        "            case '*'",
        '                set count (math $count + 1)',
        '        end',
        '    end',
        '    echo $count',
        'end',
    ];
}

function fish(tree: CompletionCommand[], prog: string): string {
    const f = `__${fn(prog).slice(1)}`;
    const lines = [
        `# fish completion for ${prog} (generated by '${prog} completion fish'; do not edit)`,
        `# Enable: ${prog} completion fish > ~/.config/fish/completions/${prog}.fish`,
        ...fishHelpers(tree, prog, f),
        // Nothing offers file names unless it asks for them (-F): not Service names, namespaces or record types.
        `complete -c ${prog} -f`,
    ];
    const names = tree.map((c) => c.name).join(' ');
    const beforeCommand = `not __fish_seen_subcommand_from ${names}`;
    for (const c of tree) lines.push(`complete -c ${prog} -n '${beforeCommand}' -a ${c.name} -d '${fishEscape(c.description)}'`);
    // Flags before the command are the command's (as in kubectl): every command's flags and their values.
    for (const o of globalOptions(tree)) lines.push(fishOption(prog, beforeCommand, o, f));
    for (const c of tree) {
        const cond = `__fish_seen_subcommand_from ${c.name}`;
        for (const o of c.options) lines.push(fishOption(prog, cond, o, f));
        const argumentCond = c.argument && !c.variadic ? `${cond}; and test (${f}_arguments) -le 0` : cond;
        lines.push(...fishArguments(prog, argumentCond, c, f));
    }
    return lines.join('\n') + '\n';
}
