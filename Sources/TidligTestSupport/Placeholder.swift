import TidligCore
