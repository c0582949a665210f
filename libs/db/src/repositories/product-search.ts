// The user's search text becomes plain words for the database's own full-text index: every
// character that could be an operator ("*()-+~<>@) only separates words, so no input changes the
// query's meaning or makes it fail.

/** Words beyond this are ignored; a search box never needs more, and each costs index work. */
const MAX_WORDS = 8;
/** InnoDB indexes no token longer than 84 characters. */
const MAX_WORD_LENGTH = 84;

/** Letters and digits of any script, in order; everything else separates them. */
export function searchWords(q: string): string[] {
  return (q.normalize('NFC').match(/[\p{L}\p{N}]+/gu) ?? [])
    .map((w) => w.toLowerCase())
    .filter((w) => [...w].length <= MAX_WORD_LENGTH)
    .slice(0, MAX_WORDS);
}

/**
 * InnoDB's default stopwords (innodb_ft_default_stopword) and its minimum token size (3): such words
 * are not in the index, so requiring one (`+de`) would match nothing. They are left out of the search.
 */
const INNODB_STOPWORDS = new Set(
  'a about an are as at be by com de en for from how i in is it la of on or that the this to was what when where who will with und www'.split(
    ' ',
  ),
);
const INNODB_MIN_TOKEN = 3;

/** The words InnoDB's index can find. */
export const mysqlSearchableWords = (words: string[]) =>
  words.filter((w) => [...w].length >= INNODB_MIN_TOKEN && !INNODB_STOPWORDS.has(w));

/** BOOLEAN MODE text of searchable words: every one required, as a prefix (`+cafe* +organico*`). */
export const mysqlBooleanQuery = (words: string[]) => words.map((w) => `+${w}*`).join(' ');

/** FTS5 MATCH text: every word a quoted string, as a prefix (`"cafe"* "organico"*`); null if none. */
export function sqliteMatchQuery(words: string[]): string | null {
  return words.length ? words.map((w) => `"${w.replaceAll('"', '""')}"*`).join(' ') : null;
}
