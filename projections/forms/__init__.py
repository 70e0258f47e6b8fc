"""The statistics forms (biểu mẫu thống kê) compiled from the log: definitions, facts, compiler."""
