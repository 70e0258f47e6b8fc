"""Report periods (kỳ báo cáo thống kê): the spans the statistics forms are compiled over."""
