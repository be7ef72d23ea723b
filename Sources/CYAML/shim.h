#ifndef TOUCHPOINT_CYAML_SHIM_H
#define TOUCHPOINT_CYAML_SHIM_H
#include <yaml.h>
#endif
