// Vitest 5 calls Map.groupBy (Node 21+) when it prints a failure; on Node 20 that crash hides the
// failure message. Filled in only where missing.
if (typeof Map.groupBy !== 'function') {
  Map.groupBy = function groupBy(items, keyOf) {
    const groups = new Map();
    let i = 0;
    for (const item of items) {
      const key = keyOf(item, i++);
      const group = groups.get(key);
      if (group) group.push(item);
      else groups.set(key, [item]);
    }
    return groups;
  };
}
if (typeof Object.groupBy !== 'function') {
  Object.groupBy = function groupBy(items, keyOf) {
    const groups = Object.create(null);
    let i = 0;
    for (const item of items) {
      const key = keyOf(item, i++);
      (groups[key] ??= []).push(item);
    }
    return groups;
  };
}
