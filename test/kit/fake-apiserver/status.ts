/**
 * metav1.Status bodies exactly as kube-apiserver sends them for errors (kind Status, apiVersion v1, empty
 * metadata, status Failure, message, reason, details, code).
 */
import type { ResourceInfo } from './resources.js';

export interface StatusBody {
    kind: 'Status';
    apiVersion: 'v1';
    metadata: Record<string, never>;
    status: 'Failure';
    message: string;
    reason: string;
    details?: { name?: string; group?: string; kind?: string; retryAfterSeconds?: number; causes?: { message: string }[] };
    code: number;
}

const status = (code: number, reason: string, message: string, details?: StatusBody['details']): StatusBody => ({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    ...(details ? { details } : {}),
    code,
});

const groupPart = (r: ResourceInfo) => (r.group ? { group: r.group } : {});
const qualified = (r: ResourceInfo) => (r.group ? `${r.plural}.${r.group}` : r.plural);

export const notFound = (r: ResourceInfo, name: string) =>
    status(404, 'NotFound', `${qualified(r)} "${name}" not found`, { name, ...groupPart(r), kind: r.plural });

/** 404 for a path that names no resource. */
export const pathNotFound = () => status(404, 'NotFound', 'the server could not find the requested resource', {});

export const unauthorized = () => status(401, 'Unauthorized', 'Unauthorized');

/** The RBAC denial text: `pods is forbidden: User "u" cannot list resource "pods" in API group "" in the namespace "dev"`. */
export function forbidden(r: ResourceInfo, verb: string, user: string, namespace: string | null, name?: string): StatusBody {
    const where = r.namespaced && namespace ? `in the namespace "${namespace}"` : 'at the cluster scope';
    const subject = name ? `${qualified(r)} "${name}"` : qualified(r);
    return status(403, 'Forbidden', `${subject} is forbidden: User "${user}" cannot ${verb} resource "${r.plural}" in API group "${r.group}" ${where}`, {
        ...(name ? { name } : {}),
        ...groupPart(r),
        kind: r.plural,
    });
}

/** The RBAC denial of a subresource: `pods "web-0" is forbidden: User "u" cannot create resource "pods/exec" in API group "" in the namespace "dev"`. */
export function forbiddenSubresource(r: ResourceInfo, subresource: string, verb: string, user: string, namespace: string | null, name: string): StatusBody {
    const where = r.namespaced && namespace ? `in the namespace "${namespace}"` : 'at the cluster scope';
    return status(
        403,
        'Forbidden',
        `${qualified(r)} "${name}" is forbidden: User "${user}" cannot ${verb} resource "${r.plural}/${subresource}" in API group "${r.group}" ${where}`,
        {
            name,
            ...groupPart(r),
            kind: r.plural,
        },
    );
}

export const internalError = (message = 'fake failure') => status(500, 'InternalError', `Internal error occurred: ${message}`, { causes: [{ message }] });

export const tooManyRequests = (retryAfterSeconds: number) =>
    status(429, 'TooManyRequests', 'Too many requests, please try again later.', { retryAfterSeconds });

export const serviceUnavailable = () => status(503, 'ServiceUnavailable', 'the server is currently unable to handle the request');

export const badRequest = (message: string) => status(400, 'BadRequest', message);

export const expired = (message: string) => status(410, 'Expired', message);

export const methodNotAllowed = (method: string) =>
    status(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource (${method})`);
