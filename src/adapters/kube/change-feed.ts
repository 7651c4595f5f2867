/**
 * What `--watch` waits on against a live cluster: watches on the Services, EndpointSlices and Pods of a namespace (or
 * all), each started at the collection's current resourceVersion (a `limit=1` list), so only changes arrive, never
 * the objects as they are. Each change is one short line ("pods dev/web-2 MODIFIED"). A watch the server ends
 * (timeoutSeconds, 410 Gone) or that fails starts again from a fresh resourceVersion, after a growing pause on errors.
 * Only GET requests, like every read of svcdig.
 */
import type { ApiClient } from './api-client.js';
import { watchStream } from './api-client.js';
import { K, path, type Kind } from './snapshot-reader.js';

export interface ChangeFeed {
    /** Changes seen since the last take(), oldest first; empties the list. */
    take(): string[];
    close(): void;
}

const WATCHED: Kind[] = [K.services, K.endpointslices, K.pods];
/** The server ends each watch after this long; it is then started again. */
const WATCH_SECONDS = 300;

export function watchChanges(api: ApiClient, namespace: string | null, pause: (ms: number) => Promise<void>): ChangeFeed {
    const pending: string[] = [];
    const abort = new AbortController();
    const follow = async (k: Kind) => {
        let backoff = 1000;
        while (!abort.signal.aborted) {
            try {
                const list = await api.get(path(k, namespace), { limit: '1' });
                const rv = (list.body as { metadata?: { resourceVersion?: string } } | undefined)?.metadata?.resourceVersion;
                if (list.status !== 200 || !rv) throw new Error(`list ${k.resource}: HTTP ${list.status}`);
                await watchStream(
                    api,
                    path(k, namespace),
                    { resourceVersion: rv, allowWatchBookmarks: 'true', timeoutSeconds: String(WATCH_SECONDS) },
                    (e) => {
                        if (e.type === 'ADDED' || e.type === 'MODIFIED' || e.type === 'DELETED') {
                            const m = e.object?.metadata;
                            pending.push(`${k.resource} ${m?.namespace ? `${m.namespace}/` : ''}${m?.name ?? '?'} ${e.type}`);
                        }
                    },
                    abort.signal,
                );
                backoff = 1000;
            } catch {
                if (abort.signal.aborted) return;
                await pause(backoff);
                backoff = Math.min(backoff * 2, 30_000);
            }
        }
    };
    for (const k of WATCHED) void follow(k);
    return {
        take: () => pending.splice(0, pending.length),
        close: () => abort.abort(),
    };
}
