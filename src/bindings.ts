// The Worker's two bindings to its own parts, for every layer that reaches them: the one scheduler
// (a Durable Object: Ideogram's in-flight limit is per organisation, so one per deployment is the
// right scope), and starting a job's run as a Workflow instance. Addressed by name only: no layer
// here imports the classes behind them (src/index.ts exports those).
// Layer 0 (bindings.ts): imports nothing of the bot's.

/** The deployment's one scheduler object. */
export const schedulerStub = (env: Env) => env.SCHEDULER.getByName("scheduler");

/** Starts a run as a Workflow instance named after it (so a repeated dispatch can't start it twice). */
export const dispatchToWorkflow =
  (env: Env) =>
  async (ref: { jobId: string; attempt: number }): Promise<void> => {
    await env.JOB_RUNS.create({ id: `${ref.jobId}-${ref.attempt}`, params: ref });
  };
