// Package sweep holds the bookkeeping of a parameter sweep, none of it
// numerical: the path syntax that names a config value, the grids a
// swept value takes, the product of several swept values into points,
// the jobs (point × repeat) in a fixed order, the disjoint slices of
// those jobs that shards run (--shard i/n, or a scheduler's array
// index), the manifest a shard leaves and the checks merge applies to a
// set of shards, and the rule that picks the best point. It imports
// neither Cobra nor YAML; internal/config applies paths to a config and
// internal/cli runs the jobs.
package sweep
