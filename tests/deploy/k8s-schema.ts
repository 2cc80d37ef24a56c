/**
 * Kubernetes schema validation, offline, from the kubernetes-models package (generated from the Kubernetes
 * OpenAPI spec), in two passes:
 * - `schemaErrors`: the model's own validate() (JSON-schema validation: types, formats such as quantities,
 *   enums, required fields). Its schemas allow unknown fields, so a misspelt field would pass silently.
 * - `unknownFieldErrors`: the TypeScript compiler checks each object, written as an object literal, against
 *   the model's interface; its excess-property check names a field the API does not have (the first one of
 *   each object) and wrong types are reported too.
 */
import path from 'node:path';
import ts from 'typescript';
import { REPO } from './manifests.js';

interface ModelRef {
  /** kubernetes-models module exporting both the class (runtime) and its `I<Kind>` interface (types). */
  module: string;
  name: string;
}

/** Models by "apiVersion kind" of the objects this project writes. */
const MODELS: Record<string, ModelRef> = {
  'v1 ConfigMap': { module: 'kubernetes-models/v1/ConfigMap', name: 'ConfigMap' },
  'v1 Secret': { module: 'kubernetes-models/v1/Secret', name: 'Secret' },
  'v1 Service': { module: 'kubernetes-models/v1/Service', name: 'Service' },
  'v1 EnvVar': { module: 'kubernetes-models/v1/EnvVar', name: 'EnvVar' },
  'apps/v1 Deployment': { module: 'kubernetes-models/apps/v1/Deployment', name: 'Deployment' },
  'policy/v1 PodDisruptionBudget': { module: 'kubernetes-models/policy/v1/PodDisruptionBudget', name: 'PodDisruptionBudget' },
  'networking.k8s.io/v1 Ingress': { module: 'kubernetes-models/networking.k8s.io/v1/Ingress', name: 'Ingress' },
};

export interface Checked {
  /** Where the object comes from, for messages. */
  label: string;
  /** "apiVersion kind", e.g. "apps/v1 Deployment", or "v1 EnvVar" for a part of an object. */
  type: string;
  value: unknown;
}

export function typeOf(o: { apiVersion: string; kind: string }): string {
  return `${o.apiVersion} ${o.kind}`;
}

function model(type: string): ModelRef {
  const m = MODELS[type];
  if (!m) throw new Error(`no Kubernetes model for ${type}`);
  return m;
}

type ModelClass = new (data: unknown) => { validate(): void };

/** validate() errors of each object, keyed by label (objects without errors are absent). */
export async function schemaErrors(items: Checked[]): Promise<Map<string, string>> {
  const errors = new Map<string, string>();
  for (const item of items) {
    const ref = model(item.type);
    const Model = (await import(ref.module))[ref.name] as ModelClass;
    try {
      new Model(item.value).validate();
    } catch (e) {
      errors.set(item.label, (e as Error).message);
    }
  }
  return errors;
}

/** A file that is never written: the compiler host serves it from memory, next to the repo's node_modules. */
const VIRTUAL_FILE = path.join(REPO, 'tests', 'deploy', '__manifest-types__.ts');

/** Type errors (unknown fields, wrong types) of each object, keyed by label, from one compiler run. */
export function unknownFieldErrors(items: Checked[]): Map<string, string[]> {
  const types = [...new Set(items.map((i) => i.type))];
  const imports = types.map((t, i) => `import type { I${model(t).name} as T${i} } from '${model(t).module}';`);
  // One object per line, so a diagnostic's line tells the object.
  const lines = items.map((item, n) => `export const o${n}: T${types.indexOf(item.type)} = ${JSON.stringify(item.value)};`);
  const source = [...imports, ...lines].join('\n') + '\n';
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    lib: ['lib.es2022.d.ts'],
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  host.getSourceFile = (file, language, ...rest) =>
    file === VIRTUAL_FILE ? ts.createSourceFile(file, source, language) : getSourceFile(file, language, ...rest);
  host.fileExists = (file) => file === VIRTUAL_FILE || fileExists(file);
  const program = ts.createProgram([VIRTUAL_FILE], options, host);
  const errors = new Map<string, string[]>();
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const message = ts.flattenDiagnosticMessageText(d.messageText, ' ');
    const line = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line : -1;
    const label = line >= imports.length ? items[line - imports.length].label : `(compiler: ${d.file?.fileName ?? 'no file'})`;
    errors.set(label, [...(errors.get(label) ?? []), message]);
  }
  return errors;
}
