// Loading, error and empty states, the same on every page.
import type { ComponentChildren } from 'preact';
import type { Resource } from '../hooks';

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return <p class="state state-loading" role="status">{label}</p>;
}

export function ErrorBox({ error, title = 'Something went wrong' }: { error: Error; title?: string }) {
  return (
    <div class="state state-error" role="alert">
      <strong>{title}</strong>
      <span>{error.message}</span>
    </div>
  );
}

export function Empty({ children }: { children: ComponentChildren }) {
  return <p class="state state-empty">{children}</p>;
}

/**
 * A resource's loading and error states, then `children` with its data. Data already shown stays while it is
 * refreshed; a failed refresh shows its error above it.
 */
export function Loaded<T>({ resource, children }: { resource: Resource<T>; children: (data: T) => ComponentChildren }) {
  const { data, error } = resource;
  if (data === undefined) return error ? <ErrorBox error={error} /> : <Loading />;
  return (
    <>
      {error && <ErrorBox error={error} title="Could not refresh" />}
      {children(data)}
    </>
  );
}
