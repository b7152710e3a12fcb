package runner

// ConfigFile is the config an output folder was made from (run only):
// optlab plot landscape rebuilds the experiment from it.
const ConfigFile = "config.yaml"
