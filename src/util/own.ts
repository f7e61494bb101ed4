/**
 * `record[name]` when the record itself holds `name`; never a property every object inherits
 * (constructor, toString, __proto__). For tables looked up by a name that comes from outside:
 * a central system's action, an idTag, a scenario's key.
 */
export function own<T>(record: Readonly<Record<string, T>> | undefined, name: string): T | undefined {
  return record !== undefined && Object.hasOwn(record, name) ? record[name] : undefined;
}
