import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { REPO_ROOT } from '../../paths';

/**
 * The handbook of routines and checklists for individual cases (Täby's model): a Swedish JSON file
 * in `handbook/`, editable per municipality without code changes. `handbook/<municipality key>.json`
 * overrides the default `handbook/sspf.json`.
 */
export const HANDBOOK_DIR = join(REPO_ROOT, 'handbook');

const itemSchema = z.object({ id: z.string().regex(/^[a-z0-9-]{1,40}$/), text: z.string().min(1).max(300), required: z.boolean() });
const stepSchema = z.object({ id: z.string().regex(/^[a-z0-9-]{1,40}$/), title: z.string().min(1).max(120), items: z.array(itemSchema).max(30) });

export const handbookSchema = z
  .object({
    name: z.string().min(1).max(200),
    followUpAfterDays: z.number().int().min(1).max(365),
    steps: z.array(stepSchema).min(2).max(20)
  })
  .superRefine((h, ctx) => {
    const ids = h.steps.map((s) => s.id);
    if (new Set(ids).size !== ids.length) ctx.addIssue({ code: 'custom', message: 'step ids must be unique' });
    for (const s of h.steps) {
      const items = s.items.map((i) => i.id);
      if (new Set(items).size !== items.length) ctx.addIssue({ code: 'custom', message: `item ids of step ${s.id} must be unique` });
    }
  });

export type Handbook = z.infer<typeof handbookSchema>;
export type HandbookStep = Handbook['steps'][number];

/** Parses a handbook; throws with the file name when it is invalid (fail fast at start-up or first use). */
export function parseHandbook(json: string, source: string): Handbook {
  const parsed = handbookSchema.safeParse(JSON.parse(json));
  if (!parsed.success) throw new Error(`Invalid handbook ${source}: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  return parsed.data;
}

/** Loads handbooks from a directory, caching per municipality key. */
export class HandbookLibrary {
  private readonly cache = new Map<string, Handbook>();

  constructor(private readonly dir: string = HANDBOOK_DIR) {
    // Validate the default at start-up so a broken edit stops the bot instead of a case.
    this.forMunicipality('');
  }

  forMunicipality(municipalityKey: string): Handbook {
    const key = municipalityKey.replace(/[^a-z0-9-]/g, '-');
    const cached = this.cache.get(key);
    if (cached) return cached;
    const specific = key ? join(this.dir, `${key}.json`) : '';
    const file = specific && existsSync(specific) ? specific : join(this.dir, 'sspf.json');
    const handbook = parseHandbook(readFileSync(file, 'utf8'), file);
    this.cache.set(key, handbook);
    return handbook;
  }
}
