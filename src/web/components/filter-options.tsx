/** One thing a filter can pick (a campaign, an agent): its id is the option's value, its name what the option says. */
export type FilterChoice = { id: string; name: string };

/**
 * The options of a filter's <select>: first `all` (the empty value, which filters nothing), then one per choice.
 * Goes inside a `SelectField` or a plain <select>, so each page keeps its own label and layout.
 */
export function FilterOptions({ all, choices }: { all: string; choices: readonly FilterChoice[] }) {
  return (
    <>
      <option value="">{all}</option>
      {choices.map((c) => (
        <option key={c.id} value={c.id}>
          {c.name}
        </option>
      ))}
    </>
  );
}

/** Team members as agent choices (a call's agent is the member's user). */
export const agentChoices = (members: readonly { userId: string; name: string }[]): FilterChoice[] =>
  members.map((m) => ({ id: m.userId, name: m.name }));
