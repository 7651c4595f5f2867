/**
 * Several sources answering the same question (the CoreDNS replicas of `resolve --all-replicas`, the servers of
 * `--server A --server B`): which of them agree, and how each one that does not differs from the ones that do.
 * Answers are compared like expected and actual (compare.ts): the rcode and the answer section as a set, TTLs ignored
 * (caches count them down).
 *
 * The sources that agree with most others are the reference; on a tie, the group matching svcdig's expected reply
 * wins, then the group of the first source. A source that failed never agrees.
 */
import { compareReplies, normalizeReply, type Difference } from './compare.js';
import { rdataText, recordText, type Reply } from './dns/reply.js';

/** rcode + the answer section as a set (names and data normalised, TTLs left out). */
export function answerSignature(reply: Reply): string {
    const n = normalizeReply(reply);
    const answers = [...new Set(n.answers.map((rr) => recordText(rr)))].sort();
    return `${n.rcode}\n${answers.join('\n')}`;
}

const agreesWith = (expected: Reply, reply: Reply) => !compareReplies(expected, reply).differences.some((d) => !d.noteOnly);

/** Which answers agree: the largest group of identical answers; a tie goes to the group matching `expected`, then to the first. */
export function judgeAnswers(answers: { reply?: Reply }[], expected: Reply): { agrees: boolean[]; reference: string | undefined } {
    const groups = new Map<string, number[]>();
    answers.forEach((a, i) => {
        if (!a.reply) return;
        const sig = answerSignature(a.reply);
        groups.set(sig, [...(groups.get(sig) ?? []), i]);
    });
    let best: string | undefined;
    for (const [sig, members] of groups) {
        if (best === undefined) {
            best = sig;
            continue;
        }
        const cur = groups.get(best)!;
        if (members.length > cur.length) best = sig;
        else if (members.length === cur.length) {
            const mine = agreesWith(expected, answers[members[0]!]!.reply!);
            const theirs = agreesWith(expected, answers[cur[0]!]!.reply!);
            if (mine && !theirs) best = sig;
        }
    }
    const ref = best === undefined ? [] : groups.get(best)!;
    return { agrees: answers.map((_, i) => ref.includes(i)), reference: best };
}

/**
 * How `who`'s reply differs from the reference reply, one difference per record or rcode, each saying it of `who`
 * (`replica kube-system/coredns-b lacks …`, `server 127.0.0.1:5302 also answers …`) with the reason `why`.
 */
export function disagreements(reference: Reply, reply: Reply, who: string, why: string): Difference[] {
    const out: Difference[] = [];
    for (const d of compareReplies(reference, reply).differences) {
        if (d.noteOnly) continue;
        const message =
            d.kind === 'missing' && d.record
                ? `${who} lacks ${recordText(d.record)}`
                : d.kind === 'unexpected' && d.record
                  ? `${who} also answers ${recordText(d.record)}`
                  : d.kind === 'changed' && d.record && d.changedTo
                    ? `${who} answers ${recordText({ ...d.record, data: d.changedTo })} in place of ${rdataText(d.record)}`
                    : d.rcodes
                      ? `${who} answers ${d.rcodes.actual}, the others ${d.rcodes.expected}`
                      : `${who}: ${d.message}`;
        out.push({ ...d, message, reason: why });
    }
    return out;
}
