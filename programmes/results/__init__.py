"""Results measurement: the computation of indicator and CPO progress (pure functions in
:mod:`.computation`), and later the set-based query layer and tasks that apply it."""
