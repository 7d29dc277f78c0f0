// The write model's shape: three pure functions per aggregate. No clock, no ids, no I/O:
// those arrive inside the command, so a test states exactly what happened when.
export interface Decider<Command, Event, State> {
  decide(command: Command, state: State): Event[];
  evolve(state: State, event: Event): State;
  initialState(): State;
}
