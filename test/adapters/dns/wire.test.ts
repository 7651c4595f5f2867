import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dnsPacket from 'dns-packet';
import { TcpFramer } from '../../../src/adapters/dns/tcp.js';
import { screenReply } from '../../../src/adapters/dns/message.js';

const reply = (id: number, answers: dnsPacket.Answer[] = []) =>
    dnsPacket.encode({
        type: 'response',
        id,
        flags: dnsPacket.AUTHORITATIVE_ANSWER,
        questions: [{ name: 'a.example', type: 'A', class: 'IN' }],
        answers,
    });

test('TCP framing: a message split into single bytes is reassembled, two messages in one chunk are split', () => {
    const one = dnsPacket.streamEncode({ type: 'response', id: 1, questions: [{ name: 'a.example', type: 'A' }] });
    const two = dnsPacket.streamEncode({ type: 'response', id: 2, questions: [{ name: 'b.example', type: 'A' }] });
    const framer = new TcpFramer();
    const got: Buffer[] = [];
    for (const b of one) got.push(...framer.push(Buffer.from([b])));
    assert.equal(got.length, 1);
    assert.deepEqual(got[0], one.subarray(2));
    assert.deepEqual(framer.partial, { have: 0 });
    const both = framer.push(Buffer.concat([two, one.subarray(0, 5)]));
    assert.deepEqual(both, [two.subarray(2)]);
    assert.deepEqual(framer.partial, { have: 3, want: one.length - 2 }, 'a cut message is known by the length it announced');
});

test('a reply is accepted only with the query ID, QR set and the same question (name case-insensitive)', () => {
    const expected = { id: 7, name: 'A.Example', type: 'A' };
    assert.equal(screenReply(reply(7), expected).kind, 'accept');
    assert.deepEqual(screenReply(reply(8), expected), { kind: 'drop', code: 'wrong-id', reason: 'wrong id 8 (asked with 7)' });
    assert.deepEqual(screenReply(reply(7), { ...expected, type: 'AAAA' }), { kind: 'drop', code: 'wrong-question', reason: 'wrong question (a.example A)' });
    const query = dnsPacket.encode({ type: 'query', id: 7, questions: [{ name: 'a.example', type: 'A' }] });
    assert.deepEqual(screenReply(query, expected), { kind: 'drop', code: 'not-response', reason: 'not a response (QR bit clear)' });
    const noQuestion = dnsPacket.encode({ type: 'response', id: 7, questions: [] });
    assert.deepEqual(screenReply(noQuestion, expected), { kind: 'drop', code: 'wrong-question', reason: 'wrong question (0 questions)' });
});

test('a name with bytes beyond ASCII is matched by its wire bytes; only ASCII letters ignore case (RFC 4343)', () => {
    const echo = (name: string) => dnsPacket.encode({ type: 'response', id: 7, questions: [{ name, type: 'A', class: 'IN' }] });
    assert.equal(screenReply(echo('café.example'), { id: 7, name: 'CAFÉ.example', type: 'A' }).kind, 'drop', 'É (C3 89) is not é (C3 A9)');
    assert.equal(screenReply(echo('café.example'), { id: 7, name: 'CAFé.Example.', type: 'A' }).kind, 'accept');
    assert.equal(screenReply(echo('a\u202eb.example'), { id: 7, name: 'a\u202eb.example', type: 'A' }).kind, 'accept');
});

test('records dns-packet would read wrongly are malformed: a short A rdata, a pointer loop, an out-of-range count', () => {
    const expected = { id: 7, name: 'a.example', type: 'A' };
    const good = reply(7, [{ name: 'a.example', type: 'A', ttl: 5, data: '10.0.0.1' }]);
    const cut = good.subarray(0, -2);
    assert.equal(
        (dnsPacket.decode(cut).answers?.[0] as { data?: unknown } | undefined)?.data,
        '10.0.undefined.undefined',
        'the lenient decoding this guards against',
    );
    assert.deepEqual(screenReply(cut, expected), { kind: 'malformed', why: 'answer record 1 of 1 declares 4 bytes of data but only 2 remain' });

    const loop = Buffer.from(good);
    const answerName = 12 + 'a.example'.length + 2 + 4;
    loop.writeUInt16BE(0xc000 | answerName, answerName);
    assert.deepEqual(screenReply(loop, expected), { kind: 'malformed', why: 'a name has a compression pointer that points forward' });

    const many = Buffer.from(good);
    many.writeUInt16BE(65535, 6);
    assert.deepEqual(screenReply(many, expected), { kind: 'malformed', why: 'a name runs past the end of the message' });
});

test('an unknown record type is kept in RFC 3597 generic form', () => {
    const buf = Buffer.from(reply(7, [{ name: 'a.example', type: 'A', ttl: 5, data: '10.0.0.1' }]));
    const typeAt = buf.length - 4 - 10; // the answer's TYPE field: rdata (4) + rdlength, ttl, class, type (10)
    buf.writeUInt16BE(65280, typeAt);
    const s = screenReply(buf, { id: 7, name: 'a.example', type: 'A' });
    assert.equal(s.kind, 'accept');
    assert.deepEqual(s.kind === 'accept' && s.reply.answers, [{ name: 'a.example', type: 'TYPE65280', ttl: 5, data: '\\# 4 0A000001' }]);
});

test('a label holding a "." byte (api\\.dev on the wire) is malformed, never read as the dotted name', () => {
    // dns-packet cannot write such a label: encode "apixdev…" and turn the x byte into a dot
    const dotted = (answers: dnsPacket.Answer[], question = 'apixdev.svc.cluster.local') => {
        const buf = dnsPacket.encode({
            type: 'response',
            id: 7,
            flags: dnsPacket.AUTHORITATIVE_ANSWER,
            questions: [{ name: question, type: 'A', class: 'IN' }],
            answers,
        });
        const at = buf.indexOf(Buffer.from('apixdev'));
        assert.ok(at > 0);
        buf[at + 3] = 0x2e;
        return buf;
    };
    // in the echoed question: the same text as api.dev.svc.cluster.local, a different name
    const inQuestion = screenReply(dotted([]), { id: 7, name: 'api.dev.svc.cluster.local', type: 'A' });
    assert.equal(inQuestion.kind, 'malformed');
    assert.match(inQuestion.kind === 'malformed' ? inQuestion.why : '', /a label containing "\." \("api\.dev"\)/);
    // in a record's data: a CNAME target
    const inData = screenReply(dotted([{ name: 'web.svc.cluster.local', type: 'CNAME', ttl: 5, data: 'apixdev.svc.cluster.local' }], 'web.svc.cluster.local'), {
        id: 7,
        name: 'web.svc.cluster.local',
        type: 'A',
    });
    assert.equal(inData.kind, 'malformed');
});
