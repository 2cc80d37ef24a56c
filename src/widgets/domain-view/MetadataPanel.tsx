/** What is known of the selected entity: kind, type, shape, chunks, filters, attributes with values, raw JSON. */
import * as React from 'react';
import type { AttributeEntry, Entity } from '../data/models.js';
import { formatValue } from '../viewers/format.js';

function Field({ name, label, children }: { name: string; label: string; children: React.ReactNode }): JSX.Element {
  return (
    <>
      <dt>{label}</dt>
      <dd data-field={name}>{children}</dd>
    </>
  );
}

function formatShape(shape: readonly (number | null)[] | null): string {
  if (shape === null) return 'null dataspace';
  if (shape.length === 0) return 'scalar';
  return shape.map((n) => (n === null ? '∞' : String(n))).join(' × ');
}

function formatTime(seconds: number | undefined): string {
  return seconds ? new Date(seconds * 1000).toLocaleString() : '—';
}

/** JSON for people: indented, with 64-bit integers (BigInt) as numbers. */
function prettyJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2);
}

function EntityFields({ entity }: { entity: Entity }): JSX.Element {
  switch (entity.kind) {
    case 'soft-link':
    case 'external-link':
      return (
        <dl>
          <Field name="kind" label="Kind">{entity.kind === 'soft-link' ? 'Soft link (dangling)' : 'External link'}</Field>
          <Field name="path" label="Path">{entity.path}</Field>
          <Field name="target" label="Target">{entity.targetPath}</Field>
          {entity.targetDomain !== undefined && <Field name="target-domain" label="Domain">{entity.targetDomain}</Field>}
        </dl>
      );
    case 'group':
      return (
        <dl>
          <Field name="kind" label="Kind">Group</Field>
          <Field name="path" label="Path">{entity.path}</Field>
          <Field name="id" label="Id">{entity.id}</Field>
          <Field name="links" label="Links">{entity.linkCount}</Field>
          <Field name="created" label="Created">{formatTime(entity.created)}</Field>
        </dl>
      );
    case 'datatype':
      return (
        <dl>
          <Field name="kind" label="Kind">Committed datatype</Field>
          <Field name="path" label="Path">{entity.path}</Field>
          <Field name="id" label="Id">{entity.id}</Field>
          <Field name="type" label="Type">{entity.dtype}</Field>
          <Field name="created" label="Created">{formatTime(entity.created)}</Field>
        </dl>
      );
    case 'dataset':
      return (
        <dl>
          <Field name="kind" label="Kind">Dataset</Field>
          <Field name="path" label="Path">{entity.path}</Field>
          <Field name="id" label="Id">{entity.id}</Field>
          <Field name="type" label="Type">{entity.dtype}</Field>
          <Field name="shape" label="Shape">{formatShape(entity.shape)}</Field>
          {entity.maxshape && entity.maxshape.some((m, i) => m !== entity.shape?.[i]) && (
            <Field name="maxshape" label="Max shape">{formatShape(entity.maxshape)}</Field>
          )}
          <Field name="chunks" label="Chunks">{entity.chunks ? formatShape(entity.chunks) : '—'}</Field>
          <Field name="layout" label="Layout">{entity.layout ?? '—'}</Field>
          <Field name="filters" label="Filters">
            {entity.filters.length === 0
              ? 'none'
              : entity.filters.map((f) => `${f.class === 'H5Z_FILTER_USER' ? (f.name ?? f.class) : f.class.replace(/^H5Z_FILTER_/, '').toLowerCase()}${f.level !== undefined ? ` (level ${f.level})` : ''}`).join(', ')}
          </Field>
          <Field name="fillvalue" label="Fill value">{formatValue(entity.fillValue, 'Exact') || '""'}</Field>
          <Field name="created" label="Created">{formatTime(entity.created)}</Field>
        </dl>
      );
  }
}

function Attributes({ attrs }: { attrs: readonly AttributeEntry[] }): JSX.Element {
  if (attrs.length === 0) return <p className="h5lab-MetadataPanel-none">No attributes</p>;
  return (
    <table className="h5lab-MetadataPanel-attributes">
      <thead>
        <tr>
          <th>Name</th>
          <th>Type</th>
          <th>Value</th>
        </tr>
      </thead>
      <tbody>
        {attrs.map((a) => (
          <tr key={a.name} data-attribute={a.name}>
            <td>{a.name}</td>
            <td title={a.shape && a.shape.length ? formatShape(a.shape) : undefined}>
              {a.dtype}
              {a.shape && a.shape.length > 0 ? ` (${formatShape(a.shape)})` : ''}
            </td>
            <td className="h5lab-MetadataPanel-value">{formatValue(a.value, 'Exact')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The object's JSON, formatted only once opened (a large group's links can be long). */
function RawJson({ value }: { value: unknown }): JSX.Element {
  const [open, setOpen] = React.useState(false);
  return (
    <details className="h5lab-MetadataPanel-raw" onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>Raw JSON</summary>
      {open && <pre>{prettyJson(value)}</pre>}
    </details>
  );
}

export interface MetadataPanelProps {
  entity: Entity | undefined;
  attrs: readonly AttributeEntry[] | undefined;
  error?: string;
}

export function MetadataPanel({ entity, attrs, error }: MetadataPanelProps): JSX.Element {
  return (
    <section className="h5lab-MetadataPanel" aria-label="Metadata">
      {error && <p className="h5lab-MetadataPanel-error">{error}</p>}
      {!entity && !error && <p className="h5lab-MetadataPanel-none">Select an object in the tree</p>}
      {entity && (
        <>
          <h3>{entity.name}</h3>
          <EntityFields entity={entity} />
          <h4>Attributes</h4>
          <Attributes attrs={attrs ?? []} />
          <RawJson value={entity.raw} />
        </>
      )}
    </section>
  );
}
