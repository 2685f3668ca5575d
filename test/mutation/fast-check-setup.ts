import fc from 'fast-check';

// Under mutation testing a property only has to fail, not explain itself: skip shrinking, which can
// cost seconds per killed mutant. A failing property still fails the test at its first counterexample.
fc.configureGlobal({ endOnFailure: true });
