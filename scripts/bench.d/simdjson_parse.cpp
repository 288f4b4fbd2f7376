// The machine's JSON parsing ceiling for scripts/bench: load a tidlig/1 file with
// simdjson (Debian's libsimdjson-dev) and walk every value with the on-demand API.
// It counts students, absence records and all values, and sums the string bytes and
// numbers it meets, then prints them, so that no part of the parse can be optimised
// away. It does no domain arithmetic: this is the floor under any loader.
//
//   simdjson_parse FILE    prints: students=N absence=N values=N load_ms=X parse_ms=Y
#include <simdjson.h>

#include <chrono>
#include <cstdio>
#include <cstdint>
#include <string_view>

using namespace simdjson;

struct Counts {
  uint64_t students = 0, absence = 0, values = 0, string_bytes = 0;
  double number_sum = 0;
};

// Visits one value and everything inside it.
static void walk(ondemand::value value, Counts &c) {
  c.values++;
  switch (value.type()) {
    case ondemand::json_type::object:
      for (auto field : value.get_object()) {
        std::string_view key = field.unescaped_key();
        c.string_bytes += key.size();
        walk(field.value(), c);
      }
      break;
    case ondemand::json_type::array:
      for (auto element : value.get_array()) walk(element.value(), c);
      break;
    case ondemand::json_type::string:
      c.string_bytes += std::string_view(value.get_string()).size();
      break;
    case ondemand::json_type::number:
      c.number_sum += double(value.get_double());
      break;
    case ondemand::json_type::boolean:
      c.values += bool(value.get_bool()) ? 1 : 0;
      break;
    case ondemand::json_type::null:
      (void)value.is_null();
      break;
  }
}

int main(int argc, char **argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: simdjson_parse FILE\n");
    return 64;
  }
  auto t0 = std::chrono::steady_clock::now();
  padded_string json;
  if (auto error = padded_string::load(argv[1]).get(json)) {
    std::fprintf(stderr, "simdjson_parse: %s\n", error_message(error));
    return 66;
  }
  auto t1 = std::chrono::steady_clock::now();
  Counts c;
  try {
    ondemand::parser parser;
    ondemand::document doc = parser.iterate(json);
    // The top level by hand, so that students and their absence records are counted.
    for (auto field : doc.get_object()) {
      std::string_view key = field.unescaped_key();
      if (key != "students") {
        walk(field.value(), c);
        continue;
      }
      for (auto student_value : field.value().get_array()) {
        c.students++;
        for (auto sf : student_value.get_object()) {
          std::string_view skey = sf.unescaped_key();
          if (skey == "absence") {
            for (auto record : sf.value().get_array()) {
              c.absence++;
              walk(record.value(), c);
            }
          } else {
            walk(sf.value(), c);
          }
        }
      }
    }
  } catch (simdjson_error &e) {
    std::fprintf(stderr, "simdjson_parse: %s\n", e.what());
    return 65;
  }
  auto t2 = std::chrono::steady_clock::now();
  auto ms = [](auto a, auto b) { return std::chrono::duration<double, std::milli>(b - a).count(); };
  std::printf("students=%llu absence=%llu values=%llu string_bytes=%llu number_sum=%.2f load_ms=%.1f parse_ms=%.1f implementation=%s\n",
              (unsigned long long)c.students, (unsigned long long)c.absence,
              (unsigned long long)c.values, (unsigned long long)c.string_bytes, c.number_sum,
              ms(t0, t1), ms(t1, t2), get_active_implementation()->name().c_str());
  return 0;
}
