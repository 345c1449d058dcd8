/** How error messages name a value that was not what was expected. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  switch (typeof value) {
    case 'number':
      return `number ${value}`;
    case 'bigint':
      return `bigint ${value}n`;
    case 'string':
      return `string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
    case 'boolean':
      return `boolean ${value}`;
    case 'symbol':
      return 'a symbol';
    case 'function':
      return 'a function';
  }
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (ArrayBuffer.isView(value)) {
    const tag = Object.prototype.toString.call(value).slice(8, -1);
    return 'length' in value ? `${article(tag)} ${tag} of length ${(value as { length: number }).length}` : `${article(tag)} ${tag}`;
  }
  const name = (value as object).constructor?.name;
  return name && name !== 'Object' ? `${article(name)} ${name}` : 'an object';
}

/** 'an' before a vowel sound of a type name (an Int32Array, an NDArray, a Float64Array), else 'a'. */
export function article(word: string): string {
  // Letters named with a vowel sound too: an NDArray, an SVG…, an X…
  return (/^[AEIOU]/i.test(word) && !/^Uint/.test(word)) || /^[FHLMNRSX][A-Z]/.test(word) ? 'an' : 'a';
}

/** `count` and the noun, singular or plural: '1 axis', '2 axes'. */
export function counted(count: number, singular: string, plural = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : plural}`;
}
