/** Why a received message was not taken as the reply (RFC 5452 §9.1 and the socket's source check). */
export type DropCode = 'short' | 'wrong-id' | 'not-response' | 'opcode' | 'wrong-question' | 'wrong-source';

const LABELS: Record<DropCode, string> = {
    short: 'shorter than a DNS header',
    'wrong-id': 'wrong id',
    'not-response': 'not a response',
    opcode: 'not a QUERY response',
    'wrong-question': 'wrong question',
    'wrong-source': 'not from the server asked',
};

/**
 * Replies ignored while waiting for the real one, counted by kind and never kept: a server (or an attacker) that
 * floods wrong-ID replies costs a counter, not memory.
 */
export class DroppedReplies {
    readonly counts: Partial<Record<DropCode, number>> = {};
    total = 0;

    add(code: DropCode): void {
        this.counts[code] = (this.counts[code] ?? 0) + 1;
        this.total++;
    }

    addAll(other: DroppedReplies): void {
        for (const [code, n] of Object.entries(other.counts) as [DropCode, number][]) {
            this.counts[code] = (this.counts[code] ?? 0) + n;
            this.total += n;
        }
    }

    /** ` (ignored 3 replies: wrong id, wrong question)`, or '' when none was ignored. */
    note(): string {
        if (this.total === 0) return '';
        const kinds = (Object.keys(this.counts) as DropCode[]).map((c) => LABELS[c]);
        return ` (ignored ${this.total} ${this.total === 1 ? 'reply' : 'replies'}: ${kinds.join(', ')})`;
    }
}
