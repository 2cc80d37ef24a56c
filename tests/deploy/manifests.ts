/**
 * Reading the Kubernetes deployment files the way Kubernetes does: multi-document YAML 1.1 (kubectl and Helm
 * parse with go-yaml's YAML 1.1 rules, where e.g. `0440` is octal), objects looked up by kind and name, and
 * container environments resolved from their ConfigMaps, Secrets and the downward API.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

/** The repository root (this file runs from lib/tests/deploy/). */
export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const K8S_DIR = path.join(REPO, 'deploy', 'kubernetes');
export const H5LAB_BIN = path.join(REPO, 'bin', 'h5lab.js');

/** A parsed manifest object (the parts the checks read are typed; the rest stays open). */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string>; [k: string]: unknown };
  [k: string]: unknown;
}

export interface Loaded {
  file: string;
  object: K8sObject;
}

export function readYamlDocuments(file: string): unknown[] {
  const docs = parseAllDocuments(readFileSync(file, 'utf8'), { version: '1.1' });
  const out: unknown[] = [];
  for (const doc of docs) {
    if (doc.errors.length) throw new Error(`${file}: ${doc.errors.map((e) => e.message).join('; ')}`);
    const value = doc.toJS();
    if (value !== null && value !== undefined) out.push(value);
  }
  return out;
}

/** Every object of every file, with the file it came from. */
export function loadObjects(files: string[]): Loaded[] {
  return files.flatMap((file) => readYamlDocuments(file).map((object) => ({ file, object: object as K8sObject })));
}

export function find(objects: Loaded[], kind: string, name: string): K8sObject | undefined {
  return objects.find((o) => o.object.kind === kind && o.object.metadata?.name === name)?.object;
}

export function ofKind(objects: Loaded[], kind: string): K8sObject[] {
  return objects.filter((o) => o.object.kind === kind).map((o) => o.object);
}

/* Just the fields of pod templates the checks use. */
export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: {
    configMapKeyRef?: { name: string; key: string };
    secretKeyRef?: { name: string; key: string };
    fieldRef?: { fieldPath: string };
  };
}
export interface HttpGet {
  path: string;
  port: string | number;
}
export interface Probe {
  httpGet?: HttpGet;
  exec?: { command: string[] };
}
export interface Container {
  name: string;
  image: string;
  args?: string[];
  env?: EnvVar[];
  ports?: { name?: string; containerPort: number }[];
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  startupProbe?: Probe;
  volumeMounts?: { name: string; mountPath: string }[];
}
export interface KeyToPath {
  key: string;
  path: string;
}
export interface Volume {
  name: string;
  configMap?: { name: string; items?: KeyToPath[] };
  secret?: { secretName: string; items?: KeyToPath[] };
  projected?: { sources: { configMap?: { name: string; items?: KeyToPath[] }; secret?: { name: string; items?: KeyToPath[] } }[] };
}
export interface PodTemplate {
  metadata: { labels: Record<string, string> };
  spec: {
    containers: Container[];
    volumes?: Volume[];
    affinity?: {
      podAntiAffinity?: {
        preferredDuringSchedulingIgnoredDuringExecution?: { podAffinityTerm: { labelSelector: { matchLabels: Record<string, string> } } }[];
      };
    };
  };
}
export interface DeploymentSpec {
  replicas?: number;
  selector: { matchLabels: Record<string, string> };
  strategy?: { type: string };
  template: PodTemplate;
}

export function deploymentSpec(o: K8sObject): DeploymentSpec {
  return o.spec as DeploymentSpec;
}

/** The value of a ConfigMap or Secret key as the pod would see it, or undefined when there is none. */
export function dataValue(o: K8sObject, key: string): string | undefined {
  const stringData = o.stringData as Record<string, string> | undefined;
  const data = o.data as Record<string, string> | undefined;
  if (o.kind === 'Secret') {
    if (stringData?.[key] !== undefined) return stringData[key];
    return data?.[key] === undefined ? undefined : Buffer.from(data[key], 'base64').toString('utf8');
  }
  return data?.[key];
}

/** The container's environment as Kubernetes would set it (in order, `$(VAR)` of earlier variables expanded). */
export function resolveEnv(container: Container, objects: Loaded[], namespace: string): Map<string, string> {
  const env = new Map<string, string>();
  for (const e of container.env ?? []) {
    let v: string | undefined;
    if (e.value !== undefined) v = expand(e.value, env);
    else if (e.valueFrom?.configMapKeyRef) {
      const ref = e.valueFrom.configMapKeyRef;
      const cm = find(objects, 'ConfigMap', ref.name);
      v = cm && dataValue(cm, ref.key);
    } else if (e.valueFrom?.secretKeyRef) {
      const ref = e.valueFrom.secretKeyRef;
      const secret = find(objects, 'Secret', ref.name);
      v = secret && dataValue(secret, ref.key);
    } else if (e.valueFrom?.fieldRef?.fieldPath === 'metadata.namespace') v = namespace;
    if (v === undefined) throw new Error(`${container.name}: environment variable ${e.name} has no value`);
    env.set(e.name, v);
  }
  return env;
}

const VAR_REF = /\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g;

/** Kubernetes' `$(VAR)` expansion; references to undefined variables stay as they are, as in Kubernetes. */
export function expand(text: string, env: Map<string, string>): string {
  return text.replace(VAR_REF, (ref, name: string) => env.get(name) ?? ref);
}

/** `$(VAR)` references in a string. */
export function varRefs(text: string): string[] {
  return [...text.matchAll(VAR_REF)].map((m) => m[1]);
}

/** The value after `flag` in an argument list. */
export function flagValue(args: string[], flag: string): string | undefined {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1] : undefined;
}

/** A Kubernetes quantity ("500m", "1Gi", "2G", "128") as a number of units. */
export function quantity(q: string | number): number {
  if (typeof q === 'number') return q;
  const m = /^(\d+(?:\.\d+)?)(m|k|M|G|T|Ki|Mi|Gi|Ti)?$/.exec(q);
  if (!m) throw new Error(`not a quantity: ${q}`);
  const scale: Record<string, number> = { '': 1, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 };
  return Number(m[1]) * scale[m[2] ?? ''];
}

/** Whether every label of the selector is on the pod. */
export function selects(selector: Record<string, string>, labels: Record<string, string>): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}
