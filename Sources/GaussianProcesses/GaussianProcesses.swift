// GaussianProcesses: placeholder until the module is written.
