// zlib (Debian's zlib1g-dev): raw DEFLATE for the parts of an .xlsx file.
#include <zlib.h>
