// The write model's shape: three pure functions per aggregate. No clock, no ids, no I/O:
// those arrive inside the command, so a test states exactly what happened when.
export interface Decider<Command, Event, State> {
  // Properties rather than methods: `evolve` is handed to `reduce` on its own, so it must not need `this`.
  decide: (command: Command, state: State) => Event[];
  evolve: (state: State, event: Event) => State;
  initialState: () => State;
}
