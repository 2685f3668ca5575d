import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { CARDS_DIR } from '../../src/cards/render';
import { TEMPLATE_SCHEMAS, type TemplateName } from '../../src/cards/templates';
import { bindingProblems, extractBindings } from './binding-paths';

/**
 * Each template in cards/ is typed by the zod schema in src/cards/schemas/<name>.ts: every `${…}` the
 * template reads is a field of the schema, and every field of the schema is read by the template. So a
 * renamed field, a typo in a template or a model field the card no longer shows fails here, not in Teams.
 */
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const SCHEMAS_DIR = join(__dirname, '..', '..', 'src', 'cards', 'schemas');
const templateNames = readdirSync(CARDS_DIR).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort();
const schemaFiles = readdirSync(SCHEMAS_DIR).filter((f) => f.endsWith('.ts')).map((f) => f.slice(0, -3)).sort();

function readTemplate(name: string): Json {
  return JSON.parse(readFileSync(join(CARDS_DIR, `${name}.json`), 'utf8')) as Json;
}

describe('every template has a schema and every schema a template', () => {
  it('cards/*.json, src/cards/schemas/*.ts and TEMPLATE_SCHEMAS name the same templates', () => {
    expect(templateNames.length).toBeGreaterThan(20);
    expect(schemaFiles).toEqual(templateNames);
    expect(Object.keys(TEMPLATE_SCHEMAS).sort()).toEqual(templateNames);
  });
});

describe.each(templateNames)('cards/%s.json', (name) => {
  it('binds exactly the fields of its schema', () => {
    const schema = TEMPLATE_SCHEMAS[name as TemplateName];
    expect(schema).toBeDefined();
    expect(bindingProblems(readTemplate(name), schema)).toEqual([]);
  });
});

describe('the binding check catches real mistakes', () => {
  const poll = readTemplate('meeting-poll');
  const pollSchema = TEMPLATE_SCHEMAS['meeting-poll'];

  it('a typo in a template binding (t.hint written t.hnt)', () => {
    const typo = JSON.parse(JSON.stringify(poll).replace('${t.hint}', '${t.hnt}')) as Json;
    expect(bindingProblems(typo, pollSchema)).toEqual([
      expect.stringMatching(/t\.hnt is not in the schema/),
      'required key t.hint is never bound by the template'
    ]);
  });

  it('a schema field the template does not show', () => {
    const extended = pollSchema.extend({ location: z.string() });
    expect(bindingProblems(poll, extended)).toEqual(['required key location is never bound by the template']);
  });

  it('a field renamed in the schema but not in the template (inside a repeated element)', () => {
    const renamed = pollSchema.extend({ options: z.array(z.object({ label: z.string(), tally: z.string(), optionId: z.string() })) });
    const problems = bindingProblems(poll, renamed);
    expect(problems).toContain('required key options[].optionId is never bound by the template');
    expect(problems.filter((p) => /options\[\]\.id is not in the schema/.test(p))).toHaveLength(4);
  });
});

describe('how bindings are read (the engine\'s scoping and expressions)', () => {
  const template: Json = {
    type: 'AdaptiveCard',
    body: [
      { type: 'TextBlock', text: 'Hej ${name}, ${count(items)} saker', $when: "${title != ''}" },
      {
        type: 'Container',
        $data: '${items}',
        $when: '${!hidden}',
        items: [
          { type: 'TextBlock', text: '${$index}. ${label} (${$root.title})' },
          { type: 'TextBlock', $data: '${tags}', text: '${$data}' },
          { type: 'TextBlock', $data: '${$root.choices}', text: "${if(selected, $root.t.yes, value)}" }
        ]
      },
      { type: 'TextBlock', $data: '${owner}', text: '${owner.name}' }
    ]
  };

  it('resolves $data scopes, $root and $index, and the paths inside functions and operators', () => {
    const paths = extractBindings(template).map((b) => b.path.join('.'));
    expect(paths).toEqual([
      'name',
      'items',
      'title',
      'items',
      'items.@.hidden',
      'items.@.label',
      'title',
      'items.@.tags',
      'items.@.tags.@',
      'choices',
      'choices.@.selected',
      't.yes',
      'choices.@.value',
      'owner',
      'owner.@.owner.name'
    ]);
  });

  const schema = z.object({
    name: z.string(),
    title: z.string(),
    items: z.array(z.object({ hidden: z.boolean(), label: z.string(), tags: z.array(z.string()) })),
    choices: z.array(z.object({ selected: z.boolean(), value: z.string() })),
    t: z.object({ yes: z.string() }),
    // Inside the object scope `${owner}`, `owner.name` reads owner.owner.name.
    owner: z.object({ owner: z.object({ name: z.string() }) })
  });

  it('accepts a schema that matches, an object $data scope included', () => {
    expect(bindingProblems(template, schema)).toEqual([]);
  });

  it('reads a bare name inside a $data scope from the item, not from the root', () => {
    // `label` exists only at the root here: inside `items` it names items[].label, which is missing.
    const wrong = schema.extend({ label: z.string(), items: z.array(z.object({ hidden: z.boolean(), tags: z.array(z.string()) })) });
    expect(bindingProblems(template, wrong)).toEqual([
      '$.body[1].items[0].text: items[].label is not in the schema',
      'required key label is never bound by the template'
    ]);
  });

  it('names a path that goes into a field that is not an object', () => {
    const flat = schema.extend({ t: z.string() });
    expect(bindingProblems(template, flat)).toContain('$.body[1].items[2].text: t.yes: t is a string, not an object');
  });

  it('refuses $index outside a repeated element and an unknown template variable', () => {
    expect(() => extractBindings({ text: '${$index}' })).toThrow(/\$index outside a repeated element/);
    expect(() => extractBindings({ text: '${$parent.x}' })).toThrow(/unknown template variable \$parent/);
  });
});
