/**
 * One choice of a search form sent with GET ("any" first): its name is the address's
 * parameter, so the choice survives a reload and a shared link. The select is `#<idPrefix>-<name>`.
 */
export function FilterSelect({
  idPrefix,
  name,
  label,
  any,
  value,
  options,
}: {
  idPrefix: string;
  name: string;
  label: string;
  any: string;
  value: string | null;
  options: ReadonlyArray<readonly [string, string]>;
}) {
  return (
    <div className="field">
      <label htmlFor={`${idPrefix}-${name}`}>{label}</label>
      <select id={`${idPrefix}-${name}`} name={name} defaultValue={value ?? ""}>
        <option value="">{any}</option>
        {options.map(([option, words]) => (
          <option key={option} value={option}>
            {words}
          </option>
        ))}
      </select>
    </div>
  );
}
