/**
 * Completions as a person gets them: bash, zsh and fish run in tmux with the generated scripts (completions/) loaded
 * the way the README says, a partial command is typed, TAB is pressed, and the screen is read (tmux capture-pane).
 * Commands, flags, -o/-t/--via values, and namespaces, Services, pods and contexts from the source the flags typed
 * before name (--demo, -f, --kubeconfig, --context, -n); never file names where a name is wanted.
 *
 * `svcdig` on the PATH is a wrapper running bin/svcdig.js with Node 24 (npm test builds dist/ first). Two fake API
 * servers (different clusters) behind two contexts of one kubeconfig tell --context apart.
 * While working on one shell: SVCDIG_TMUX_SHELLS=zsh, SVCDIG_TMUX_CASES=<regexp of case names>.
 */
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startFakeApiServer, writeKubeconfig, type FakeApiServer } from '../kit/fake-apiserver/index.js';
import { scenarioClusterPath } from '../helpers/scenarios.js';
import { QUERY_TYPE_NAMES } from '../../src/core/dns/record-types.js';
import { root, run } from './helpers.js';

type Shell = 'bash' | 'zsh' | 'fish';
const SOCKET = `svcdig-completion-${process.pid}`;
const tmux = (...args: string[]) => run('tmux', ['-L', SOCKET, ...args], { timeoutMs: 10_000 });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** A file in the shell's working directory: it must never be offered where a name is wanted. */
const STRAY_FILE = 'zz-stray-file';

interface Case {
    name: string;
    typed: string;
    /** Words the screen must show after TAB (each as a whole word). */
    shows: string[];
    hides?: string[];
}

/** KUBECONFIG and SEED000 in `typed` stand for the test's kubeconfig and the seed-000 scenario's cluster.yaml. */
const CASES: Case[] = [
    { name: 'a command', typed: 'svcdig expl', shows: ['svcdig explain'] },
    { name: 'every command', typed: 'svcdig ', shows: ['resolve', 'explain', 'env', 'check', 'shell', 'completion'], hides: [STRAY_FILE] },
    { name: 'a flag', typed: 'svcdig check --fail-', shows: ['--fail-on'] },
    { name: '-o values', typed: 'svcdig resolve -o ', shows: ['table', 'wide', 'json', 'yaml', 'dig'], hides: [STRAY_FILE] },
    { name: '-t values (the record-type table)', typed: 'svcdig resolve web-0.nginx -t ', shows: QUERY_TYPE_NAMES.slice(0, 8), hides: [STRAY_FILE] },
    { name: '--via values', typed: 'svcdig check --via ', shows: ['auto', 'direct', 'port-forward'], hides: [STRAY_FILE] },
    { name: 'Services of --demo', typed: 'svcdig explain --demo ', shows: ['nginx', 'nginx-public', 'kubernetes'], hides: [STRAY_FILE] },
    {
        name: 'namespaces of --demo (-n is the word completed)',
        typed: 'svcdig check --demo -n ',
        shows: ['default', 'kube-system', 'kube-public'],
        hides: [STRAY_FILE],
    },
    { name: 'pods of --demo', typed: 'svcdig env --demo --pod ', shows: ['web-0', 'web-1', 'web-2'], hides: [STRAY_FILE] },
    { name: 'Services of -n typed before', typed: 'svcdig explain --demo -n kube-system ', shows: ['kube-dns'], hides: ['nginx', STRAY_FILE] },
    {
        name: 'Services with flags before the command',
        typed: 'svcdig -n kube-system --demo explain ',
        shows: ['kube-dns'],
        hides: ['nginx', STRAY_FILE],
    },
    { name: 'a command after flags and their values', typed: 'svcdig -n kube-system --demo expl', shows: ['svcdig -n kube-system --demo explain'] },
    { name: 'Services of -f and -n', typed: 'svcdig explain -f SEED000 -n dev open', shows: ['open1-headless', 'open2-headless'] },
    { name: 'contexts of --kubeconfig', typed: 'svcdig explain --kubeconfig KUBECONFIG --context ', shows: ['alpha', 'beta'], hides: [STRAY_FILE] },
    {
        name: 'Services of the --kubeconfig current context',
        typed: 'svcdig explain --kubeconfig KUBECONFIG ',
        shows: ['nginx', 'kubernetes'],
        hides: ['open1-headless'],
    },
    {
        name: 'Services of --context',
        typed: 'svcdig explain --kubeconfig KUBECONFIG --context beta ',
        shows: ['open1-headless', 'open2-headless'],
        hides: ['nginx'],
    },
    { name: 'namespaces of --context', typed: 'svcdig check --kubeconfig KUBECONFIG --context beta -n ', shows: ['dev'], hides: [STRAY_FILE] },
    // The forms kubectl users type: flags before the command, --flag=value, NS/NAME, dig's words after a name.
    { name: 'the value of -n before the command', typed: 'svcdig --demo -n ', shows: ['default', 'kube-system'], hides: ['explain', STRAY_FILE] },
    { name: 'flags before the command', typed: 'svcdig --de', shows: ['--demo', '--debug'] },
    { name: 'Services of --namespace=NS', typed: 'svcdig explain --demo --namespace=kube-system ', shows: ['kube-dns'], hides: ['nginx', STRAY_FILE] },
    { name: 'the value of --namespace=', typed: 'svcdig explain --demo --namespace=', shows: ['default', 'kube-system'], hides: [STRAY_FILE] },
    { name: 'the value of -n=', typed: 'svcdig explain --demo -n=', shows: ['default', 'kube-system'], hides: [STRAY_FILE] },
    { name: 'the value of -o=', typed: 'svcdig explain --demo -o=', shows: ['json', 'yaml'], hides: [STRAY_FILE] },
    { name: 'Services of --namespace=NS before the command', typed: 'svcdig --namespace=kube-system --demo explain ', shows: ['kube-dns'], hides: ['nginx'] },
    {
        name: 'NS/ offers NS/NAME',
        typed: 'svcdig --demo explain default/',
        shows: ['default/nginx', 'default/nginx-public', 'default/kubernetes'],
        hides: ['kube-dns'],
    },
    { name: 'record types after a name', typed: 'svcdig resolve nginx S', shows: ['SRV', 'SOA', 'SVCB'], hides: [STRAY_FILE] },
    { name: "dig's + words", typed: 'svcdig resolve nginx +', shows: ['+short', '+tcp', '+notcp'] },
    // explain takes one Service: nothing is offered after it (shows: [] waits for a key typed after TAB instead).
    { name: 'nothing after explain SERVICE', typed: 'svcdig --demo explain nginx ', shows: [], hides: ['nginx-public', 'kubernetes', STRAY_FILE] },
    { name: 'more Services after check SERVICE', typed: 'svcdig --demo check nginx ', shows: ['nginx-public', 'kubernetes'] },
];

/** Typed after TAB when a case expects nothing offered: the shell handles keys in order, so once it shows, TAB is done. */
const AFTER_TAB = 'QQ';

describe('completion in real shells (tmux: type, TAB, read the screen)', () => {
    let work: string;
    let servers: FakeApiServer[] = [];
    let kubeconfig: string;
    let sessions = 0;

    before(async () => {
        work = mkdtempSync(join(tmpdir(), 'svcdig-tmux-'));
        const bin = join(work, 'bin');
        mkdirSync(bin);
        writeFileSync(join(bin, 'svcdig'), `#!/bin/sh\nexec "${process.execPath}" "${join(root, 'bin/svcdig.js')}" "$@"\n`);
        chmodSync(join(bin, 'svcdig'), 0o755);
        writeFileSync(join(work, STRAY_FILE), '');
        // One idle session for the whole suite: when a case kills the last session the tmux server exits, and the next
        // case's new-session can reach the exiting server ("server exited unexpectedly").
        const keeper = await tmux('new-session', '-d', '-s', 'keeper', 'sleep 3600');
        assert.equal(keeper.code, 0, keeper.stderr);
        // alpha: seed-004 (default: kubernetes, nginx); beta: seed-000 (dev: open1-headless, open2-headless).
        servers = [
            await startFakeApiServer({ objectsFile: scenarioClusterPath('seed-004-web-statefulset') }),
            await startFakeApiServer({ objectsFile: scenarioClusterPath('seed-000-dev-open-headless') }),
        ];
        kubeconfig = writeKubeconfig(join(work, 'kubeconfig'), {
            clusters: servers.map((s, i) => ({ name: `c${i}`, cluster: { server: s.url, 'certificate-authority': s.caFile } })),
            users: servers.map((s, i) => ({ name: `u${i}`, user: { token: s.token } })),
            contexts: [
                { name: 'alpha', context: { cluster: 'c0', user: 'u0', namespace: 'default' } },
                { name: 'beta', context: { cluster: 'c1', user: 'u1', namespace: 'dev' } },
            ],
            'current-context': 'alpha',
        });
    });
    after(async () => {
        await tmux('kill-server');
        for (const s of servers) await s.close();
        rmSync(work, { recursive: true, force: true });
    });

    /** Starts the shell in a new tmux session with the completion script loaded; returns the session name. */
    async function startShell(shell: Shell): Promise<string> {
        const name = `${shell}-${++sessions}`;
        const home = join(work, `home-${name}`);
        mkdirSync(home);
        const env = [
            `HOME=${home}`,
            `PATH=${join(work, 'bin')}:/usr/bin:/bin`,
            'TERM=xterm-256color',
            'LANG=C.UTF-8',
            `XDG_CONFIG_HOME=${home}/.config`,
            `XDG_DATA_HOME=${home}/.local/share`,
            'KUBECONFIG=/nonexistent',
        ];
        let cmd: string[];
        if (shell === 'bash') {
            writeFileSync(
                join(home, 'rc'),
                `PS1='$ '\nbind 'set show-all-if-ambiguous on'\nbind 'set completion-query-items 0'\nbind 'set page-completions off'\nsource "${root}/completions/svcdig.bash"\n`,
            );
            cmd = ['bash', '--noprofile', '--rcfile', join(home, 'rc'), '-i'];
        } else if (shell === 'zsh') {
            writeFileSync(
                join(home, '.zshrc'),
                `PROMPT='%% '\nautoload -U compinit && compinit -u -d ${join(work, 'zcompdump')}\nsource "${root}/completions/_svcdig"\n`,
            );
            cmd = ['zsh', '-i'];
            env.push(`ZDOTDIR=${home}`);
        } else {
            cmd = ['fish', '--no-config', '-i', '-C', `set -g fish_greeting ''; function fish_prompt; echo '> '; end; source ${root}/completions/svcdig.fish`];
        }
        const started = await tmux('new-session', '-d', '-s', name, '-x', '250', '-y', '50', '-c', work, '/usr/bin/env', '-i', ...env, ...cmd);
        assert.equal(started.code, 0, started.stderr);
        await waitFor(name, (s) => /^(\$|%|>)\s*$/m.test(s), 10_000, 'the prompt');
        return name;
    }

    async function screen(session: string): Promise<string> {
        return (await tmux('capture-pane', '-p', '-t', session)).stdout;
    }

    async function waitFor(session: string, ok: (s: string) => boolean, ms: number, what: string): Promise<string> {
        const end = Date.now() + ms;
        let s = '';
        while (Date.now() < end) {
            s = await screen(session);
            if (ok(s)) return s;
            await sleep(150);
        }
        throw new Error(`timed out waiting for ${what}; screen:\n${s}`);
    }

    // A whole word; "=" bounds it too (fish lists a --flag=<TAB> value as --flag=VALUE; zsh completes --flag= ).
    const word = (w: string) => new RegExp(`(^|[\\s'"(=])${w.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}($|[\\s'")/=])`, 'm');

    /**
     * Types the case, presses TAB, and returns the screen once it shows the expected words. A TAB that only inserted
     * a common prefix (the screen then stops changing without a list) is followed by a second one, as a person does.
     */
    async function complete(shell: Shell, c: Case): Promise<string> {
        const session = await startShell(shell);
        try {
            await tmux('send-keys', '-t', session, '-l', c.typed);
            await waitFor(session, (s) => s.includes(c.typed.trimEnd().slice(-20)), 5000, 'the typed command');
            const shown = (s: string) => c.shows.every((w) => word(w).test(s.slice(s.indexOf(c.typed.trimEnd().slice(0, 10)))));
            await tmux('send-keys', '-t', session, 'Tab');
            if (c.shows.length === 0) {
                // fish closes its list of candidates when a key is typed: watch the screen for a while first (the
                // sibling case that expects the names shows them within this time).
                const offered = (x: string) => (c.hides ?? []).some((w) => word(w).test(x.slice(x.indexOf(c.typed.trimEnd().slice(0, 10)))));
                const watchUntil = Date.now() + 4000;
                while (Date.now() < watchUntil) {
                    const x = await screen(session);
                    assert.ok(!offered(x), `a name was offered:\n${x}`);
                    await sleep(150);
                }
                await tmux('send-keys', '-t', session, '-l', AFTER_TAB);
                const s = await waitFor(session, (x) => x.includes(AFTER_TAB), 15_000, 'the key typed after TAB');
                // No name completed: what was typed stays, then at most a flag's start (zsh's _arguments offers the
                // flags when no argument is left, and inserts their common "-"), then the key.
                assert.match(s, new RegExp(`${c.typed.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}-*${AFTER_TAB}`), `TAB inserted a name:\n${s}`);
                return s;
            }
            let tabs = 1;
            let last = '';
            let stableSince = Date.now();
            const end = Date.now() + 15_000;
            while (Date.now() < end) {
                const s = await screen(session);
                if (shown(s)) return s;
                if (s !== last) [last, stableSince] = [s, Date.now()];
                else if (tabs === 1 && Date.now() - stableSince > 1500) {
                    await tmux('send-keys', '-t', session, 'Tab');
                    tabs++;
                }
                await sleep(150);
            }
            throw new Error(`timed out waiting for ${c.shows.join(', ')} (${tabs} TAB); screen:\n${last}`);
        } finally {
            await tmux('kill-session', '-t', session);
        }
    }

    for (const shell of ['bash', 'zsh', 'fish'] as const) {
        if (process.env.SVCDIG_TMUX_SHELLS && !process.env.SVCDIG_TMUX_SHELLS.split(',').includes(shell)) continue;
        describe(shell, () => {
            for (const template of CASES.filter((x) => !process.env.SVCDIG_TMUX_CASES || new RegExp(process.env.SVCDIG_TMUX_CASES).test(x.name))) {
                it(`${template.name}: ${template.typed}<TAB>`, async () => {
                    const c = {
                        ...template,
                        typed: template.typed.replace('KUBECONFIG', kubeconfig).replace('SEED000', scenarioClusterPath('seed-000-dev-open-headless')),
                    };
                    const s = await complete(shell, c);
                    const after = s.slice(s.indexOf(c.typed.trimEnd().slice(0, 10)));
                    for (const w of c.hides ?? []) assert.doesNotMatch(after, word(w), `"${w}" offered:\n${s}`);
                    assert.doesNotMatch(s, /parse error|command not found|unknown option|Unknown command/i, 'the shell complained');
                });
            }
        });
    }
});
