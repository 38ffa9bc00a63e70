-- main.lua — the script luainit.c loads at initialization (the test's real program): a little
-- of everything an interpreter does (closures, tables, strings, sorting, string formatting),
-- sized by its first argument, printing results that do not depend on the run.
local n = tonumber((...)) or 1000

local function fib(k)
  local memo = {}
  local function f(i)
    if i < 2 then return i end
    if memo[i] then return memo[i] end
    local v = f(i - 1) + f(i - 2)
    memo[i] = v
    return v
  end
  return f(k)
end

local words = {}
local seed = 12345
for i = 1, n do
  seed = (seed * 1103515245 + 12345) % 2147483648
  words[i] = string.format("w%03d", seed % 997)
end
local counts = {}
for _, w in ipairs(words) do counts[w] = (counts[w] or 0) + 1 end
local keys = {}
for w in pairs(counts) do keys[#keys + 1] = w end
table.sort(keys, function(a, b)
  if counts[a] ~= counts[b] then return counts[a] > counts[b] end
  return a < b
end)

print("fib(80)", fib(80))
print("distinct words", #keys)
for i = 1, 3 do print(keys[i], counts[keys[i]]) end
print("joined", #table.concat(words, " "))
print(string.format("pi %.6f", math.pi))
