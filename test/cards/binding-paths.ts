import * as ACData from 'adaptivecards-templating';
import { z } from 'zod';

/**
 * Reads the data paths an Adaptive Card template binds, the way adaptivecards-templating evaluates them,
 * and holds them against a zod schema. Expressions are parsed by the templating package's own parser
 * (`Template.parseInterpolatedString`, Adaptive Expressions underneath), so functions and operators
 * (`count(x) > 0`, `x != ''`, `!x`, `if(a, b, c)`) yield the paths they read, not the text around them.
 *
 * Scopes follow the engine: `$data` on an element is evaluated in the parent's scope and opens a new
 * scope for that element (its `$when` included); a bare name or `$data.x` is read from the current scope,
 * `$root.x` from the card's data, `$index` is the position in the repeated array and names no data.
 */

/** A step in a data path: an object key, or `[]` for "an element of this array". */
export type Segment = string;

/** `[]` in a path: one element of an array. */
export const ELEMENT = '[]';
/**
 * `@` in a path: what a `$data` scope opens. The engine repeats the element for each item when the value
 * is an array and binds the value itself otherwise; which one is known only from the schema.
 */
export const SCOPE = '@';

/** One data path a template reads, with where in the template it is read. */
export interface Binding {
  path: Segment[];
  /** JSON path of the template string that reads it, for error messages. */
  at: string;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every data path a template reads, resolved against the scopes `$data` opens. */
export function extractBindings(template: Json): Binding[] {
  const out: Binding[] = [];
  walk(template, [], '$', out);
  return out;
}

function walk(node: Json, scope: Segment[], at: string, out: Binding[]): void {
  if (typeof node === 'string') {
    for (const path of referencesIn(node, scope, at)) out.push({ path, at });
    return;
  }
  if (Array.isArray(node)) {
    node.forEach((child, i) => walk(child, scope, `${at}[${i}]`, out));
    return;
  }
  if (!node || typeof node !== 'object') return;
  let inner = scope;
  if ('$data' in node) inner = openScope(node.$data, scope, `${at}.$data`, out);
  for (const [key, value] of Object.entries(node)) {
    if (key !== '$data') walk(value, inner, `${at}.${key}`, out);
  }
}

/** The scope a `$data` value opens; the path it reads is recorded as a binding of the parent scope. */
function openScope(value: Json, scope: Segment[], at: string, out: Binding[]): Segment[] {
  if (typeof value !== 'string') throw new Error(`${at}: inline $data is not supported here; bind it to the model ("\${items}")`);
  const paths = referencesIn(value, scope, at);
  if (paths.length !== 1 || !/^\$\{[^}]*\}$/.test(value.trim())) {
    throw new Error(`${at}: $data must be one expression naming one path, got ${JSON.stringify(value)}`);
  }
  out.push({ path: paths[0], at });
  return [...paths[0], SCOPE];
}

/** The data paths one template string reads, resolved in `scope`. */
function referencesIn(text: string, scope: Segment[], at: string): Segment[][] {
  if (!text.includes('${')) return [];
  const parsed: unknown = ACData.Template.parseInterpolatedString(text);
  if (typeof parsed === 'string') return [];
  const refs = (parsed as { references(): string[] }).references();
  const paths: Segment[][] = [];
  for (const ref of refs) {
    const path = resolveReference(ref, scope, at);
    if (path) paths.push(path);
  }
  return paths;
}

/** `$root.a.b` from the root, `$data.a` and `a` from the scope; `$index` and the host's values name no data. */
function resolveReference(ref: string, scope: Segment[], at: string): Segment[] | undefined {
  const segments = ref
    .replace(/\[\d+\]/g, `.${ELEMENT}`)
    .split('.')
    .filter((s) => s !== '');
  const [head, ...rest] = segments;
  if (head === '$index') {
    if (!scope.includes(SCOPE)) throw new Error(`${at}: $index outside a repeated element`);
    return undefined;
  }
  if (head === '$host' || head === '$_acTemplateVersion') return undefined;
  if (head === '$root') return rest;
  if (head === '$data') return [...scope, ...rest];
  if (head.startsWith('$')) throw new Error(`${at}: unknown template variable ${head}`);
  return [...scope, ...segments];
}

/** Removes the wrappers that do not change the shape a template sees. */
function unwrap(schema: z.ZodTypeAny): z.ZodTypeAny {
  let s = schema;
  for (;;) {
    if (s instanceof z.ZodOptional || s instanceof z.ZodNullable) s = s.unwrap();
    else if (s instanceof z.ZodDefault) s = s._def.innerType;
    else if (s instanceof z.ZodEffects) s = s.innerType();
    else if (s instanceof z.ZodReadonly) s = s._def.innerType;
    else return s;
  }
}

/**
 * Follows `path` through `schema`. Returns the schema path it names (`@` replaced by `[]` for an array
 * and dropped for an object), or a message saying where the schema has no such field.
 */
export function resolveInSchema(schema: z.ZodTypeAny, path: Segment[]): { ok: true; schemaPath: Segment[] } | { ok: false; message: string } {
  let node = unwrap(schema);
  const schemaPath: Segment[] = [];
  for (const seg of path) {
    if (seg === SCOPE) {
      if (node instanceof z.ZodArray) {
        node = unwrap(node.element);
        schemaPath.push(ELEMENT);
      } else if (!(node instanceof z.ZodObject)) {
        return { ok: false, message: `$data at ${show(schemaPath)} names a ${typeName(node)}, not an array or object` };
      }
      continue;
    }
    if (seg === ELEMENT) {
      if (!(node instanceof z.ZodArray)) return { ok: false, message: `${show(schemaPath)} is indexed but is a ${typeName(node)}` };
      node = unwrap(node.element);
      schemaPath.push(ELEMENT);
      continue;
    }
    if (!(node instanceof z.ZodObject)) return { ok: false, message: `${show([...schemaPath, seg])}: ${show(schemaPath)} is a ${typeName(node)}, not an object` };
    const shape = node.shape as Record<string, z.ZodTypeAny>;
    if (!Object.prototype.hasOwnProperty.call(shape, seg)) return { ok: false, message: `${show([...schemaPath, seg])} is not in the schema` };
    node = unwrap(shape[seg]);
    schemaPath.push(seg);
  }
  return { ok: true, schemaPath };
}

/** Every key path the schema declares (through arrays and nested objects), with whether it is optional. */
export function schemaKeys(schema: z.ZodTypeAny, prefix: Segment[] = []): { path: Segment[]; optional: boolean }[] {
  const node = unwrap(schema);
  if (node instanceof z.ZodArray) return schemaKeys(node.element, [...prefix, ELEMENT]);
  if (!(node instanceof z.ZodObject)) return [];
  const keys: { path: Segment[]; optional: boolean }[] = [];
  for (const [key, child] of Object.entries(node.shape as Record<string, z.ZodTypeAny>)) {
    const path = [...prefix, key];
    keys.push({ path, optional: child.isOptional() });
    keys.push(...schemaKeys(child, path));
  }
  return keys;
}

/**
 * The problems between a template and its schema: each path the template reads that the schema lacks,
 * and each schema key (required or optional) that no binding reads, so the schema says what the card shows.
 */
export function bindingProblems(template: Json, schema: z.ZodTypeAny): string[] {
  const problems: string[] = [];
  const bound = new Set<string>();
  for (const binding of extractBindings(template)) {
    const resolved = resolveInSchema(schema, binding.path);
    if (!resolved.ok) problems.push(`${binding.at}: ${resolved.message}`);
    else {
      // A path read marks itself and every prefix as bound (`t.yes` binds `t`).
      for (let i = 1; i <= resolved.schemaPath.length; i++) bound.add(show(resolved.schemaPath.slice(0, i)));
    }
  }
  for (const key of schemaKeys(schema)) {
    if (!bound.has(show(key.path))) problems.push(`${key.optional ? 'optional' : 'required'} key ${show(key.path)} is never bound by the template`);
  }
  return problems;
}

function show(path: Segment[]): string {
  return path.length === 0 ? '(root)' : path.join('.').replace(/\.\[\]/g, '[]');
}

function typeName(schema: z.ZodTypeAny): string {
  return (schema._def as { typeName?: string }).typeName?.replace(/^Zod/, '').toLowerCase() ?? 'value';
}
