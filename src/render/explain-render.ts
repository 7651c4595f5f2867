import { rdataText } from '../core/dns/reply.js';
import type { ServiceExplanation } from '../core/explain.js';
import type { Styler } from './style.js';
import { tableOptions, type PrintOptions } from './print-options.js';
import { NOT_PREDICTED, renderTable, type Column } from './table.js';
import { printable, terminalText } from './escape.js';

/** `-o table|wide`: one kubectl-style row. */
export function printExplanationTable(x: ServiceExplanation, o: PrintOptions): string {
    return terminalText(renderTable(summaryColumns(), [x], tableOptions(o)));
}

/** `-o describe`: kubectl describe's layout, every part of the Service's anatomy. */
export function printExplanationDescribe(x: ServiceExplanation, o: PrintOptions): string {
    return terminalText(describe(x, { ...tableOptions(o), wide: true }));
}

function summaryColumns(): Column<ServiceExplanation>[] {
    const ready = (x: ServiceExplanation) => x.pods.filter((p) => p.ready).length;
    return [
        { header: 'NAMESPACE', cell: (x) => x.service.namespace, priority: 1 },
        { header: 'NAME', cell: (x) => x.service.name },
        { header: 'TYPE', cell: (x) => (x.service.headless ? 'Headless' : x.service.type) },
        { header: 'CLUSTER-IP', cell: (x) => (x.service.headless ? 'None' : x.service.clusterIPs.join(',') || '<none>') },
        { header: 'PORT(S)', cell: (x) => x.ports.map((p) => `${p.port}/${p.protocol}`).join(',') || '<none>' },
        { header: 'PODS', cell: (x) => `${ready(x)}/${x.pods.length}` },
        { header: 'IN-DNS', cell: (x) => String(x.endpoints.filter((e) => e.inDns).length) },
        { header: 'FINDINGS', cell: (x, s) => findingCounts(x, s) },
        {
            header: 'SELECTOR',
            cell: (x) =>
                x.service.selector
                    ? Object.entries(x.service.selector)
                          .map(([k, v]) => `${k}=${v}`)
                          .join(',')
                    : '<none>',
            priority: 1,
        },
    ];
}

function findingCounts(x: ServiceExplanation, s: Styler): string {
    const n = (sev: string) => x.findings.filter((f) => f.severity === sev).length;
    const parts = [
        n('error') ? s.bad(`${n('error')} error`) : '',
        n('warning') ? s.warn(`${n('warning')} warning`) : '',
        n('info') ? `${n('info')} info` : '',
    ].filter(Boolean);
    return parts.join(', ') || s.ok('none');
}

type T = { wide: boolean; headers: boolean; styler: Styler; width: number | undefined };

function section(title: string, body: string): string {
    const lines = body.replace(/\n$/, '').split('\n');
    return `${title}:\n${lines.map((l) => (l ? `  ${l}` : l)).join('\n')}\n`;
}

function describe(x: ServiceExplanation, t: T): string {
    const out = [
        describeHead(x) + '\n',
        portsSection(x, t),
        ...podsSection(x, t),
        ...endpointsSection(x, t),
        ...dnsSection(x, t),
        envSection(x),
        findingsSection(x, t),
    ];
    if (x.notes.length) out.push(section('Notes', x.notes.map((n) => wrapText(printable(n), t.width ? t.width - 2 : undefined, 2)).join('\n')));
    return out.join('\n');
}

/** kubectl describe's head: name, namespace, type, IPs, selector and the fields that change DNS. */
function describeHead(x: ServiceExplanation): string {
    const svc = x.service;
    const field = (k: string, v: string) => `${(k + ':').padEnd(20)}${printable(v)}`;
    const head = [
        field('Name', svc.name),
        field('Namespace', svc.namespace),
        field('Type', svc.headless ? `${svc.type}, headless (clusterIP: None)` : svc.type),
    ];
    if (svc.externalName) head.push(field('External name', svc.externalName));
    if (!svc.headless && svc.clusterIPs.length) head.push(field('Cluster IPs', svc.clusterIPs.join(', ')));
    if (svc.ipFamilies.length) head.push(field('IP families', `${svc.ipFamilies.join(', ')}${svc.ipFamilyPolicy ? ` (${svc.ipFamilyPolicy})` : ''}`));
    head.push(
        field(
            'Selector',
            svc.selector
                ? Object.entries(svc.selector)
                      .map(([k, v]) => `${k}=${v}`)
                      .join(',')
                : '<none> (endpoints are managed by hand)',
        ),
    );
    head.push(field('Publish not-ready', String(svc.publishNotReadyAddresses)));
    if (svc.sessionAffinity !== 'None') head.push(field('Session affinity', svc.sessionAffinity));
    if (svc.createdAt) head.push(field('Created', svc.createdAt));
    return head.join('\n');
}

function portsSection(x: ServiceExplanation, t: T): string {
    if (!x.ports.length) return section('Ports', 'none');
    const s = t.styler;
    const cols: Column<ServiceExplanation['ports'][number]>[] = [
        { header: 'NAME', cell: (p) => p.name ?? '<unnamed>' },
        { header: 'PORT', cell: (p) => `${p.port}/${p.protocol}` },
        { header: 'TARGET', cell: (p) => String(p.targetPort) },
        { header: 'NODEPORT', cell: (p) => (p.nodePort ? String(p.nodePort) : '-') },
        { header: 'PER POD', cell: (p) => p.perPod.map((pp) => `${pp.pod}:${pp.port ?? s.bad('none')}`).join(' ') || '-' },
        { header: 'SRV', cell: (p) => p.srvName ?? s.dim('none (unnamed port)') },
    ];
    return section('Ports', renderTable(cols, x.ports, t));
}

/** The selected pods (none for a Service without a selector), or the labels that nearly matched. */
function podsSection(x: ServiceExplanation, t: T): string[] {
    const svc = x.service;
    if (!svc.selector) return [];
    if (!x.pods.length) {
        const near = x.selectorNearMisses.map((n) => printable(`${n.pod}: ${n.label}=${n.have ?? '<unset>'} (Service wants ${n.want})`));
        return [section('Pods', ['no pod matches the selector', ...near.map((n) => `near miss: ${n}`)].join('\n'))];
    }
    const s = t.styler;
    const cols: Column<ServiceExplanation['pods'][number]>[] = [
        { header: 'POD', cell: (p) => p.name },
        { header: 'READY', cell: (p) => (p.ready ? s.ok('True') : s.bad('False')) },
        { header: 'PHASE', cell: (p) => p.phase + (p.terminating ? ' (terminating)' : '') },
        { header: 'IP', cell: (p) => p.ips.join(',') || '<none>' },
        { header: 'NODE', cell: (p) => p.node ?? '<none>' },
        { header: 'ENDPOINT', cell: (p) => (p.endpoint.included ? (p.endpoint.ready ? 'ready' : 'not ready') : 'none') },
        { header: 'WHY', cell: (p) => p.notReadyReason ?? p.endpoint.reason },
    ];
    return [
        section(
            `Pods (selector ${printable(
                Object.entries(svc.selector)
                    .map(([k, v]) => `${k}=${v}`)
                    .join(','),
            )})`,
            renderTable(cols, x.pods, t),
        ),
    ];
}

function endpointsSection(x: ServiceExplanation, t: T): string[] {
    if (!x.endpoints.length) return x.service.type !== 'ExternalName' ? [section('Endpoints', 'none')] : [];
    const s = t.styler;
    const cols: Column<ServiceExplanation['endpoints'][number]>[] = [
        { header: 'ADDRESS', cell: (e) => e.addresses.join(',') },
        { header: 'DNS NAME', cell: (e) => e.dnsName ?? '-' },
        { header: 'READY', cell: (e) => cond(e.ready) },
        { header: 'SERVING', cell: (e) => cond(e.serving) },
        { header: 'TERMINATING', cell: (e) => cond(e.terminating) },
        { header: 'POD', cell: (e) => e.pod ?? '-' },
        { header: 'IN DNS', cell: (e) => (e.inDns ? s.ok('yes') : s.bad('no')) },
        { header: 'SLICE', cell: (e) => e.slice, priority: 1 },
    ];
    return [section('Endpoints', renderTable(cols, x.endpoints, t))];
}

/** Every name the Service creates with its expected answers (NODATA, NXDOMAIN, or not predicted, when none). */
function dnsSection(x: ServiceExplanation, t: T): string[] {
    const dnsRows = x.dns.flatMap((d) => {
        const rows = d.reply.answers.map((rr) => ({ answer: rdataText(rr), rcode: d.reply.rcode }));
        // A forwarded reply goes on upstream (an ExternalName's target): what follows is not the cluster's to predict.
        if (d.reply.forwarded) rows.push({ answer: NOT_PREDICTED, rcode: 'NOERROR' });
        else if (rows.length === 0) rows.push({ answer: d.reply.rcode === 'NOERROR' ? 'NODATA' : d.reply.rcode, rcode: d.reply.rcode });
        return rows.map((r, i) => ({ ...r, name: i === 0 ? d.name : '', type: d.type }));
    });
    if (!dnsRows.length) return [];
    const cols: Column<(typeof dnsRows)[number]>[] = [
        { header: 'NAME', cell: (r) => r.name },
        { header: 'TYPE', cell: (r) => r.type },
        { header: 'ANSWER', cell: (r, st) => (r.rcode === 'NOERROR' ? r.answer : st.warn(r.answer)) },
    ];
    return [section('DNS', renderTable(cols, dnsRows, t))];
}

function envSection(x: ServiceExplanation): string {
    const svc = x.service;
    if (x.env.length)
        return section(
            `Environment (containers in ${printable(svc.namespace)} started after the Service)`,
            x.env.map((v) => printable(`${v.name}=${v.value ?? ''}`)).join('\n'),
        );
    return section(
        'Environment',
        svc.headless
            ? 'none: headless Services give pods no variables'
            : svc.type === 'ExternalName'
              ? 'none: ExternalName Services give pods no variables'
              : 'none',
    );
}

function findingsSection(x: ServiceExplanation, t: T): string {
    const s = t.styler;
    if (!x.findings.length) return section('Findings', s.ok('none'));
    // prose wraps at the terminal width (2 for the section indent), continuation lines under the text
    const wrap = (text: string, hang: number) => wrapText(text, t.width ? t.width - 2 : undefined, hang);
    const lines = x.findings.flatMap((f) => {
        const sev = f.severity === 'error' ? s.bad('error  ') : f.severity === 'warning' ? s.warn('warning') : s.dim('info   ');
        return [`${sev}  ${wrap(`${f.code}: ${printable(f.message)}`, 9)}`, `         ${wrap(`fix: ${printable(f.fix)}`, 9)}`];
    });
    return section('Findings', lines.join('\n'));
}

function cond(v: boolean | null): string {
    return v === null ? '-' : String(v);
}

/** Wraps prose at word boundaries to `width` columns (first line starts after `hang` columns already used). */
export function wrapText(text: string, width: number | undefined, hang: number): string {
    if (!width || hang + text.length <= width) return text;
    const room = Math.max(20, width - hang);
    const lines: string[] = [];
    let line = '';
    for (const word of text.split(' ')) {
        if (line && line.length + 1 + word.length > room) {
            lines.push(line);
            line = word;
        } else line = line ? `${line} ${word}` : word;
    }
    if (line) lines.push(line);
    return lines.join('\n' + ' '.repeat(hang));
}
