-- A brief's page without JIT compilation (issue 13: "jit = off where it only costs").
-- On Postgres, whole Rutland + 20,000 needs, public.brief_detail of the biggest brief
-- took 1.5 s, of which 1.3 s compiling its queries over the needs (their row estimates
-- cross jit_above_cost); with jit off it takes 0.17 s. Same function, same results.
alter function public.brief_detail(text) set jit = off;
