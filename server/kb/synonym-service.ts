// Search synonyms use case: replace every group (validated against the stemmer and stopwords, audited).
import type { Db } from '../db/client.ts';
import { actorTenant, audit, type Actor } from '../audit/audit.ts';
import { validationProblem, type FieldError } from '../lib/problem.ts';
import { replaceSynonyms } from './synonym-queries.ts';
import { synonymKey } from './search-query.ts';
import { isStopword, stopwordsFor } from './stopwords.ts';
import type { SynonymsInput } from './schemas.ts';

/** Two terms that search as one ("parcel", "Parcels"), or a term search never looks at, would silently do nothing. */
function problems(body: SynonymsInput): FieldError[] {
  const errors: FieldError[] = [];
  const seen = new Map<string, number>();
  for (const [i, g] of body.data.entries()) {
    const key = synonymKey(g.term);
    if (isStopword(g.term, stopwordsFor(undefined))) {
      errors.push({ path: `data.${i}.term`, message: `"${g.term}" is a stopword: searches never look it up.` });
    } else if (seen.has(key)) {
      errors.push({
        path: `data.${i}.term`,
        message: `"${g.term}" searches the same as data.${seen.get(key)}.term; list its synonyms there.`,
      });
    } else {
      seen.set(key, i);
    }
  }
  return errors;
}

/** Answers the groups now in force. */
export async function replaceKbSynonyms(db: Db, actor: Actor, input: SynonymsInput, now: Date) {
  const errors = problems(input);
  if (errors.length) throw validationProblem(errors);
  const tenantId = actorTenant(actor);
  // Repeats within a group add nothing to a search; keep each once, in the owner's order.
  const groups = input.data.map((g) => ({ term: g.term, synonyms: [...new Set(g.synonyms)] }));
  await db.tx(async (tx) => {
    await replaceSynonyms(tx, tenantId, groups);
    await audit(
      actor,
      tx,
      {
        action: 'kb.synonyms.updated',
        targetType: 'kb_synonyms',
        details: { groups: groups.length, terms: groups.map((g) => g.term) },
      },
      now,
    );
  });
  return groups;
}
