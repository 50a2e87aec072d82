/** The value of `key` in `map`, made with `make` and stored the first time it is asked for. */
export function getOrInit<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  const found = map.get(key);
  if (found !== undefined) return found;
  const made = make();
  map.set(key, made);
  return made;
}
