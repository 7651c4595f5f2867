/**
 * svcdig shell in a real terminal (tmux running the built bin/svcdig.js): the prompt with context and namespace,
 * typing names and verbs, TAB completion, Ctrl-C cancelling a query a slow DNS server holds (the session goes on),
 * Ctrl-C at the prompt, Ctrl-D ending the session, and the history surviving a restart.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { demoClusterYaml } from '../../src/demo/demo-cluster.js';
import { parseObjectsStrict } from '../../src/adapters/files/load-objects.js';
import { snapshotFromObjects } from '../../src/core/snapshot-from-objects.js';
import { dnsConfigFor } from '../../src/core/dns/corefile.js';
import { buildDnsIndex, expectedReply } from '../../src/core/dns/index.js';
import { startTestDnsServer } from '../kit/dns/test-server.js';
import { BIN } from '../helpers/run-bin.js';
import { tmux, tmuxQuiet } from '../kit/tmux.js';

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One svcdig shell in a tmux pane; `env` sets HOME and XDG_STATE_HOME for the history. */
class Terminal {
    readonly name = `svcdig-shell-${process.pid}-${Math.random().toString(36).slice(2)}`;
    constructor(args: string[], env: Record<string, string>) {
        const vars = Object.entries(env).map(([k, v]) => `${k}=${v}`);
        const cmd = `env -u XDG_STATE_HOME ${vars.join(' ')} NO_COLOR=1 ${process.execPath} ${BIN} shell ${args.join(' ')}; echo "EXIT=$?"; sleep 30`;
        tmux(['new-session', '-d', '-s', this.name, '-x', '160', '-y', '50', cmd]);
    }
    /** The screen, without the blank rows below the text (tmux also drops the spaces that end a row). */
    screen(): string {
        return tmux(['capture-pane', '-p', '-t', this.name], { encoding: 'utf8' }).replace(/\s+$/, '');
    }
    keys(...keys: string[]): void {
        tmux(['send-keys', '-t', this.name, ...keys]);
    }
    /** Literal text (no key names). */
    type(text: string): void {
        tmux(['send-keys', '-l', '-t', this.name, text]);
    }
    async waitFor(pattern: RegExp, ms = 15_000): Promise<string> {
        for (let waited = 0; waited < ms; waited += 100) {
            const s = this.screen();
            if (pattern.test(s)) return s;
            await pause(100);
        }
        assert.fail(`the screen never matched ${pattern}:\n${this.screen()}`);
    }
    close(): void {
        tmuxQuiet(['kill-session', '-t', this.name]);
    }
}

let index: ReturnType<typeof buildDnsIndex> | undefined;
/** svcdig's expectation of the demo cluster, which a test server serves so that every line matches. */
async function demoIndex(): Promise<ReturnType<typeof buildDnsIndex>> {
    const snapshot = snapshotFromObjects(parseObjectsStrict(await demoClusterYaml(), 'demo'), 'demo');
    return (index ??= buildDnsIndex(snapshot, dnsConfigFor(snapshot.corednsConfigMap?.data?.Corefile, {})));
}

/** readline lists the candidates on a second TAB pressed on its own (as bash does), not on two in one read. */
async function tabTwice(term: Terminal): Promise<void> {
    term.keys('Tab');
    await pause(300);
    term.keys('Tab');
}

function tempHome(t: { after: (fn: () => void) => void }): string {
    const dir = mkdtempSync(join(tmpdir(), 'svcdig-shell-home-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    return dir;
}

describe('svcdig shell in a real terminal (tmux)', () => {
    it('the prompt shows context and namespace; names and verbs are answered; Ctrl-D ends with the worst status', async (t) => {
        const home = tempHome(t);
        const term = new Terminal(['--demo'], { HOME: home });
        t.after(() => term.close());
        await term.waitFor(/^svcdig demo\/default>$/m);
        term.type('web-0.nginx');
        term.keys('Enter');
        await term.waitFor(/web-0\.nginx A → .*web-0\.nginx\.default\.svc\.cluster\.local .*MATCH\n[\s\S]*svcdig demo\/default>$/);
        term.type('ns kube-system');
        term.keys('Enter');
        await term.waitFor(/svcdig demo\/kube-system>$/);
        term.type('set type=SRV');
        term.keys('Enter');
        term.type('_web._tcp.nginx.default');
        term.keys('Enter');
        await term.waitFor(/_web\._tcp\.nginx\.default SRV → .*MISMATCH/);
        await term.waitFor(/svcdig demo\/kube-system>$/);
        term.keys('C-d');
        const screen = await term.waitFor(/EXIT=\d+/);
        assert.match(screen, /EXIT=1\b/, 'the SRV mismatch makes the status 1');
    });

    it('TAB completes verbs, set keywords, record types, namespaces and names from the cache', async (t) => {
        const home = tempHome(t);
        const term = new Terminal(['--demo'], { HOME: home });
        t.after(() => term.close());
        await term.waitFor(/svcdig demo\/default>$/);
        term.type('web-0.ngi');
        term.keys('Tab');
        await term.waitFor(/svcdig demo\/default> web-0\.nginx$/);
        term.keys('C-u');
        term.type('ex');
        await tabTwice(term);
        await term.waitFor(/exit +expected-only +explain/);
        term.keys('C-u');
        term.type('set type=S');
        await tabTwice(term);
        await term.waitFor(/type=SOA +type=SRV +type=SVCB/);
        term.type('R');
        term.keys('Tab');
        await term.waitFor(/svcdig demo\/default> set type=SRV$/);
        term.keys('C-u');
        term.type('ns kube-s');
        term.keys('Tab');
        await term.waitFor(/svcdig demo\/default> ns kube-system$/);
        term.keys('Enter');
        await term.waitFor(/svcdig demo\/kube-system>$/);
        term.type('kube-d');
        term.keys('Tab');
        await term.waitFor(/svcdig demo\/kube-system> kube-dns$/);
        term.keys('Enter');
        await term.waitFor(/kube-dns A → .*kube-dns\.kube-system\.svc\.cluster\.local .*MATCH/);
    });

    it('Ctrl-C cancels a query a slow DNS server holds and keeps the session; Ctrl-C at the prompt drops the line', async (t) => {
        const snapshot = snapshotFromObjects(parseObjectsStrict(await demoClusterYaml(), 'demo'), 'demo');
        const index = buildDnsIndex(snapshot, dnsConfigFor(snapshot.corednsConfigMap?.data?.Corefile, {}));
        const slow = await startTestDnsServer({ answer: (name, type) => expectedReply(index, name, type), delayMs: 20_000 });
        t.after(() => slow.stop());
        const home = tempHome(t);
        const term = new Terminal(['--demo', '--server', `127.0.0.1:${slow.port}`, '--timeout', '60s'], { HOME: home });
        t.after(() => term.close());
        await term.waitFor(/svcdig demo\/default>$/);
        term.type('web-0.nginx');
        term.keys('Enter');
        for (let i = 0; i < 100 && slow.load.queries === 0; i++) await pause(100);
        assert.equal(slow.load.queries, 1, 'the query is in flight');
        const pressed = Date.now();
        term.keys('C-c');
        const screen = await term.waitFor(/cancelled\nsvcdig demo\/default>$/);
        assert.ok(Date.now() - pressed < 10_000, 'cancelled long before the server answers');
        assert.doesNotMatch(screen, /MATCH|ERROR/, 'a cancelled line prints no report');
        // check asks many names: Ctrl-C stops it too
        const before = slow.load.queries;
        term.type('check');
        term.keys('Enter');
        for (let i = 0; i < 100 && slow.load.queries === before; i++) await pause(100);
        assert.ok(slow.load.queries > before, 'check is asking');
        const pressedAgain = Date.now();
        term.keys('C-c');
        await term.waitFor(/check\ncancelled\nsvcdig demo\/default>$/);
        assert.ok(Date.now() - pressedAgain < 10_000, 'check cancelled long before the server answers');
        term.type('half a line');
        term.keys('C-c');
        await term.waitFor(/half a line\^C\nsvcdig demo\/default>$/);
        // the dropped text is gone from the line: what is typed next is the whole line
        term.type('exit');
        term.keys('Enter');
        assert.match(await term.waitFor(/EXIT=\d+/), /EXIT=0\b/);
    });

    it('Ctrl-D while a line is answered: the line finishes, then the session ends with its status (no internal error)', async (t) => {
        const idx = await demoIndex();
        const slow = await startTestDnsServer({ answer: (name, type) => expectedReply(idx, name, type), delayMs: 1500 });
        t.after(() => slow.stop());
        const term = new Terminal(['--demo', '--server', `127.0.0.1:${slow.port}`, '--timeout', '60s'], { HOME: tempHome(t) });
        t.after(() => term.close());
        await term.waitFor(/svcdig demo\/default>$/);
        term.type('web-0.nginx');
        term.keys('Enter');
        for (let i = 0; i < 100 && slow.load.queries === 0; i++) await pause(100);
        term.keys('C-d');
        const screen = await term.waitFor(/EXIT=\d+/);
        assert.match(screen, /^web-0\.nginx A → .*MATCH$/m, 'the line was answered');
        assert.doesNotMatch(screen, /internal error/);
        assert.match(screen, /EXIT=0\b/);
    });

    it('Ctrl-C during a query also drops the lines typed meanwhile, and what was half typed', async (t) => {
        const idx = await demoIndex();
        const slow = await startTestDnsServer({ answer: (name, type) => expectedReply(idx, name, type), delayMs: 20_000 });
        t.after(() => slow.stop());
        const term = new Terminal(['--demo', '--server', `127.0.0.1:${slow.port}`, '--timeout', '60s'], { HOME: tempHome(t) });
        t.after(() => term.close());
        await term.waitFor(/svcdig demo\/default>$/);
        term.type('web-0.nginx');
        term.keys('Enter');
        for (let i = 0; i < 100 && slow.load.queries === 0; i++) await pause(100);
        term.type('nginx');
        term.keys('Enter');
        term.type('ns kube-system');
        await term.waitFor(/ns kube-system$/);
        term.keys('C-c');
        await term.waitFor(/\ncancelled\nsvcdig demo\/default>$/);
        await pause(500);
        assert.equal(slow.load.queries, 1, 'the typed-ahead nginx was not asked');
        term.type('exit');
        term.keys('Enter');
        assert.match(await term.waitFor(/EXIT=\d+/), /EXIT=0\b/, 'ns kube-system was not run either: no prompt changed, no error');
    });

    it('a line typed ahead during a slow query runs after it, its answer below its own prompt line', async (t) => {
        const idx = await demoIndex();
        const slow = await startTestDnsServer({ answer: (name, type) => expectedReply(idx, name, type), delayMs: 1500 });
        t.after(() => slow.stop());
        const term = new Terminal(['--demo', '--server', `127.0.0.1:${slow.port}`, '--timeout', '60s'], { HOME: tempHome(t) });
        t.after(() => term.close());
        await term.waitFor(/svcdig demo\/default>$/);
        term.type('web-0.nginx');
        term.keys('Enter');
        for (let i = 0; i < 100 && slow.load.queries === 0; i++) await pause(100);
        term.type('web-1.nginx');
        term.keys('Enter');
        const screen = await term.waitFor(/web-1\.nginx A → [\s\S]*svcdig demo\/default>$/);
        assert.match(screen, /^svcdig demo\/default> web-1\.nginx\nweb-1\.nginx A → /m);
    });

    it('svcdig shell | tee LOG: the prompt and line editing stay on the terminal, the log holds the answers only', async (t) => {
        const home = tempHome(t);
        const log = join(home, 'log');
        const term = new Terminal(['--demo', '|', 'tee', log], { HOME: home });
        t.after(() => term.close());
        await term.waitFor(/^svcdig demo\/default>$/m);
        term.type('web-0.nginx');
        term.keys('Enter');
        // The answer reaches the terminal through tee, so the next prompt (written by the session itself) may come
        // before or after it on the screen: wait for the whole answer and for the second prompt, in either order.
        await term.waitFor(/web-0\.nginx A → .*MATCH[\s\S]*why: web-0 is a ready endpoint of nginx/);
        await term.waitFor(/svcdig demo\/default>[\s\S]*svcdig demo\/default>/);
        term.keys('Up');
        await term.waitFor(/svcdig demo\/default> web-0\.nginx$/);
        term.keys('C-u');
        term.type('exit');
        term.keys('Enter');
        await term.waitFor(/EXIT=0/);
        const saved = readFileSync(log, 'utf8');
        assert.match(saved, /^web-0\.nginx A → .*MATCH$/m);
        assert.doesNotMatch(saved, /svcdig demo\/default>/);
    });

    it('the history survives a restart: Up recalls the lines of the previous session', async (t) => {
        const home = tempHome(t);
        const state = join(home, 'state');
        const first = new Terminal(['--demo'], { HOME: home, XDG_STATE_HOME: state });
        t.after(() => first.close());
        await first.waitFor(/svcdig demo\/default>$/);
        first.type('set type=AAAA');
        first.keys('Enter');
        first.type('help');
        first.keys('Enter');
        await first.waitFor(/expected-only on\|off/);
        first.keys('C-d');
        await first.waitFor(/EXIT=0/);
        assert.equal(readFileSync(join(state, 'svcdig', 'history'), 'utf8'), 'set type=AAAA\nhelp\n');

        const second = new Terminal(['--demo'], { HOME: home, XDG_STATE_HOME: state });
        t.after(() => second.close());
        await second.waitFor(/svcdig demo\/default>$/);
        second.keys('Up');
        await second.waitFor(/svcdig demo\/default> help$/);
        second.keys('Up');
        await second.waitFor(/svcdig demo\/default> set type=AAAA$/);
        second.keys('Enter');
        second.type('web-0.nginx');
        second.keys('Enter');
        await second.waitFor(/web-0\.nginx AAAA → /);
    });

    it('without XDG_STATE_HOME the history is ~/.local/state/svcdig/history', async (t) => {
        const home = tempHome(t);
        const term = new Terminal(['--demo'], { HOME: home });
        t.after(() => term.close());
        await term.waitFor(/svcdig demo\/default>$/);
        term.type('set all');
        term.keys('Enter');
        await term.waitFor(/Set options:/);
        const file = join(home, '.local', 'state', 'svcdig', 'history');
        for (let i = 0; i < 50 && !existsSync(file); i++) await pause(100);
        assert.equal(readFileSync(file, 'utf8'), 'set all\n');
    });
});
