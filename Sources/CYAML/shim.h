#ifndef CQRS_CYAML_SHIM_H
#define CQRS_CYAML_SHIM_H
#include <yaml.h>
#endif
