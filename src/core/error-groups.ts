/**
 * Failed queries grouped by their error text: an unreachable or silent server fails every query the same way ("no
 * reply from 127.0.0.1:53 within 2000 ms"), and a person reads that once with a count, not once per record.
 */
export interface ErrorGroup<T> {
    message: string;
    /** The failed items with this message, in the order they came. */
    items: T[];
}

/** The items that have an error, grouped by its exact text, groups in the order their first item came. */
export function groupErrors<T>(items: readonly T[], errorOf: (item: T) => string | undefined): ErrorGroup<T>[] {
    const groups = new Map<string, T[]>();
    for (const item of items) {
        const message = errorOf(item);
        if (message === undefined) continue;
        const group = groups.get(message);
        if (group) group.push(item);
        else groups.set(message, [item]);
    }
    return [...groups].map(([message, grouped]) => ({ message, items: grouped }));
}

/** "1 query", "23 queries". */
export const queriesText = (n: number) => `${n} quer${n === 1 ? 'y' : 'ies'}`;
