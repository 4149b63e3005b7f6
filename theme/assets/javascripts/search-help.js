// What the 检索 page reads a query as besides words (theme/assets/javascripts/search.js imports it):
// an issue's number, and the archive's own spelling of a misspelt word. Pure functions of their
// arguments, no page state.

const DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9};

// 16, 十六, 一十六, 二十, 一百零二 as a number; NaN for anything else.
export function numberOf(text) {
  if (/^\d+$/.test(text)) return Number(text);
  if (!/^[〇零一二两三四五六七八九十百]+$/.test(text)) return NaN;
  let total = 0;
  let digit = 0;
  for (const char of text) {
    if (char === "百") { total += (digit || 1) * 100; digit = 0; }
    else if (char === "十") { total += (digit || 1) * 10; digit = 0; }
    else digit = DIGITS[char];
  }
  return total + digit;
}

// The issues a query cites by number, newest first: a series name and a year narrow it.
export function issuesNamed(issues, squeezed) {
  const total = squeezed.match(/^(.*?)总第([\d〇零一二两三四五六七八九十百]+)期$/);
  if (total) return issues.filter((i) => i.total === numberOf(total[2]) && i.series.includes(total[1]));
  // 第 may go after a year (2026年16期), not alone: 二期 is also a project's second phase
  const cited = squeezed.match(/^(.*?)(?:(\d{4})年)?(增刊)?(第?)([\d〇零一二两三四五六七八九十百]+)期$/);
  if (!cited || !(cited[4] || cited[2])) return [];
  const [, series, year, supplement, , number] = cited;
  return issues.filter((i) => i.number === numberOf(number) && i.supplement === Boolean(supplement) &&
      (!year || i.year === Number(year)) && i.series.includes(series))
    .sort((a, b) => b.year - a.year);
}

let lexicon = null;   // loaded the first time a query finds nothing
export async function loadLexicon(url) {
  if (!lexicon) {
    const data = await fetch(url).then((response) => response.json());
    const sound = new Map();
    for (const group of data.sounds) for (const char of group) sound.set(char, group);
    const after = new Map();   // a character -> the characters the archive puts after it
    for (const pair of Object.keys(data.pairs)) {
      const [a, b] = [...pair];
      if (!after.has(a)) after.set(a, []);
      after.get(a).push(b);
    }
    lexicon = {pairs: data.pairs, sound, after};
  }
  return lexicon;
}

const MIN_TEXTS = 2;   // a pair in fewer of the archive's texts is too rare to propose
const MAX_SWAPS = 2;   // more than two wrong characters in one word is another word

// The word as the archive spells it, in pieces, or null. A character beside a pair of characters the
// archive never uses is swapped for one of the same sound (or, inside a long word, one both neighbours
// pair with) that makes such a pair one the archive uses, breaking none it does; the commonest such
// swap wins, a homophone first. Pairs still unknown after that split the word (防讯工作 -> 防汛 工作),
// into pieces of two characters or more.
export function respelt(word, lex) {
  const chars = [...word];
  const texts = (a, b) => (a && b && lex.pairs[a + b]) || 0;
  const unknown = () => chars.slice(1).map((c, j) => j).filter((j) => !texts(chars[j], chars[j + 1]));
  let swaps = 0;
  for (let missing = unknown(); missing.length && swaps < MAX_SWAPS; missing = unknown()) {
    let best = null;
    for (const at of new Set(missing.flatMap((j) => [j, j + 1]))) {
      const alike = lex.sound.get(chars[at]) || "";
      // a different sound only inside a word of four or more: two neighbours and enough of the word
      // to tell a slip from another word (下半年 is not 下一年)
      const inside = at > 0 && at < chars.length - 1 && chars.length >= 4;
      const candidates = new Set([...alike, ...(inside ? lex.after.get(chars[at - 1]) || [] : [])]);
      const [left, right] = [chars[at - 1], chars[at + 1]];
      for (const char of candidates) {
        if (char === chars[at]) continue;
        const homophone = alike.includes(char);
        const sides = [[texts(left, chars[at]), texts(left, char), left], [texts(chars[at], right), texts(char, right), right]]
          .filter(([, , neighbour]) => neighbour);
        if (sides.some(([was, now]) => was && now < MIN_TEXTS)) continue;   // breaks a pair the archive uses
        if (!homophone && sides.some(([, now]) => now < MIN_TEXTS)) continue;   // a different sound needs both sides
        const fixed = sides.filter(([was, now]) => !was && now >= MIN_TEXTS).map(([, now]) => now);
        if (!fixed.length) continue;
        const score = [homophone ? 1 : 0, Math.min(...fixed)];
        if (!best || score[0] > best.score[0] || (score[0] === best.score[0] && score[1] > best.score[1])) best = {at, char, score};
      }
    }
    if (!best) break;
    chars[best.at] = best.char;
    swaps += 1;
  }
  if (!swaps) return null;
  const pieces = [""];
  chars.forEach((char, i) => {
    if (i && !texts(chars[i - 1], char)) pieces.push("");
    pieces[pieces.length - 1] += char;
  });
  return pieces.some((piece) => piece.length < 2) ? null : pieces;   // 公安局 is not 工安 局
}

