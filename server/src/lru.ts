/**
 * Sets `key` in `map` as its most recently used entry (a Map keeps insertion order) and, when the
 * map grows past `capacity`, drops the least recently used one. Returns the dropped key, if any,
 * so a caller can forget what it kept beside it. The relay's bounded caches all use this.
 */
export function touchLru<K, V>(map: Map<K, V>, key: K, value: V, capacity: number): K | undefined {
  map.delete(key);
  map.set(key, value);
  if (map.size <= capacity) return undefined;
  const oldest = map.keys().next().value as K;
  map.delete(oldest);
  return oldest;
}
