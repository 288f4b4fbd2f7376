/* filled in by the LineEditing work */
#include <histedit.h>
