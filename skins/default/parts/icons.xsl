<?xml version="1.0" encoding="UTF-8"?>
<!--
  The default skin's icon set: inline SVG drawn on a 24 x 24 grid with
  strokes in currentColor, so an icon takes the colour and size of the
  text around it (CSS: .icon).  Icons are decoration (aria-hidden): the
  text next to them, or the control's own label, says what they mean.

    <xsl:call-template name="icon"><xsl:with-param name="name">file</xsl:with-param></xsl:call-template>

  Names: home, folder, file, check, check-circle, calendar, scale,
  activity, message, users, user, search, menu, close, logout, upload,
  download, plus, edit, trash, alert, info, clock, arrow-left, zap,
  inbox, chart, lock, link, dot.  An unknown name draws a dot.
  nav-icon picks one for a navigation link from its address.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:template name="icon">
    <xsl:param name="name" select="'dot'"/>
    <xsl:param name="class" select="''"/>
    <svg class="icon icon-{$name} {$class}" viewBox="0 0 24 24" width="20"
        height="20" aria-hidden="true" focusable="false" fill="none"
        stroke="currentColor" stroke-width="2" stroke-linecap="round"
        stroke-linejoin="round">
      <xsl:choose>
        <xsl:when test="$name = 'home'"><path d="M3 11l9-8 9 8"/><path d="M5 10v10h5v-6h4v6h5V10"/></xsl:when>
        <xsl:when test="$name = 'folder'"><path d="M3 7a2 2 0 0 1 2-2h4l2 2h8a2 2 0 0 1 2 2v8a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2z"/></xsl:when>
        <xsl:when test="$name = 'file'"><path d="M6 3h8l5 5v13H6z"/><path d="M14 3v5h5"/></xsl:when>
        <xsl:when test="$name = 'check'"><path d="M5 12l5 5 9-10"/></xsl:when>
        <xsl:when test="$name = 'check-circle'"><circle cx="12" cy="12" r="9"/><path d="M8 12l3 3 5-6"/></xsl:when>
        <xsl:when test="$name = 'calendar'"><rect x="3" y="5" width="18" height="16" rx="2"/><path d="M3 10h18M8 3v4M16 3v4"/></xsl:when>
        <xsl:when test="$name = 'scale'"><path d="M12 3v18M7 21h10M4 7h16"/><path d="M7 7l-3 7h6zM17 7l-3 7h6z"/></xsl:when>
        <xsl:when test="$name = 'activity'"><path d="M3 12h4l3-8 4 16 3-8h4"/></xsl:when>
        <xsl:when test="$name = 'message'"><path d="M4 4h16v12H9l-5 4z"/></xsl:when>
        <xsl:when test="$name = 'users'"><circle cx="9" cy="8" r="3.5"/><path d="M2 20c0-3.5 3-6 7-6s7 2.5 7 6"/><path d="M16 4.5a3.5 3.5 0 0 1 0 7M18 14c2.4.6 4 3 4 6"/></xsl:when>
        <xsl:when test="$name = 'user'"><circle cx="12" cy="8" r="4"/><path d="M4 21c0-4 3.6-7 8-7s8 3 8 7"/></xsl:when>
        <xsl:when test="$name = 'search'"><circle cx="11" cy="11" r="7"/><path d="M16.5 16.5L21 21"/></xsl:when>
        <xsl:when test="$name = 'menu'"><path d="M4 6h16M4 12h16M4 18h16"/></xsl:when>
        <xsl:when test="$name = 'close'"><path d="M6 6l12 12M18 6L6 18"/></xsl:when>
        <xsl:when test="$name = 'logout'"><path d="M14 4h5v16h-5"/><path d="M9 8l-4 4 4 4M5 12h10"/></xsl:when>
        <xsl:when test="$name = 'upload'"><path d="M12 16V4M7 9l5-5 5 5M4 20h16"/></xsl:when>
        <xsl:when test="$name = 'download'"><path d="M12 4v12M7 11l5 5 5-5M4 20h16"/></xsl:when>
        <xsl:when test="$name = 'plus'"><path d="M12 5v14M5 12h14"/></xsl:when>
        <xsl:when test="$name = 'edit'"><path d="M4 20h4L19 9l-4-4L4 16z"/><path d="M13 7l4 4"/></xsl:when>
        <xsl:when test="$name = 'trash'"><path d="M4 7h16M9 7V4h6v3M6 7l1 13h10l1-13"/></xsl:when>
        <xsl:when test="$name = 'alert'"><path d="M12 3l10 18H2z"/><path d="M12 10v5M12 18v.01"/></xsl:when>
        <xsl:when test="$name = 'info'"><circle cx="12" cy="12" r="9"/><path d="M12 11v6M12 7v.01"/></xsl:when>
        <xsl:when test="$name = 'clock'"><circle cx="12" cy="12" r="9"/><path d="M12 7v5l3 3"/></xsl:when>
        <xsl:when test="$name = 'arrow-left'"><path d="M19 12H5M11 6l-6 6 6 6"/></xsl:when>
        <xsl:when test="$name = 'zap'"><path d="M13 2L4 14h7l-1 8 9-12h-7z"/></xsl:when>
        <xsl:when test="$name = 'bell'"><path d="M6 16V11a6 6 0 0 1 12 0v5l2 2H4z"/><path d="M10 21h4"/></xsl:when>
        <xsl:when test="$name = 'inbox'"><path d="M3 13l3-8h12l3 8v6H3z"/><path d="M3 13h5l1 3h6l1-3h5"/></xsl:when>
        <xsl:when test="$name = 'chart'"><path d="M4 20V11M10 20V5M16 20v-7M2 20h20"/></xsl:when>
        <xsl:when test="$name = 'lock'"><rect x="5" y="11" width="14" height="10" rx="2"/><path d="M8 11V8a4 4 0 0 1 8 0v3"/></xsl:when>
        <xsl:when test="$name = 'link'"><path d="M10 14a4 4 0 0 0 6 0l3-3a4 4 0 0 0-6-6l-1 1"/><path d="M14 10a4 4 0 0 0-6 0l-3 3a4 4 0 0 0 6 6l1-1"/></xsl:when>
        <xsl:when test="$name = 'pen'"><path d="M4 20l1-5L16 4l4 4L9 19z"/><path d="M14 6l4 4M3 21h18"/></xsl:when>
        <xsl:when test="$name = 'contract'"><path d="M6 3h8l5 5v13H6z"/><path d="M14 3v5h5M9 13h6M9 17h3"/></xsl:when>
        <xsl:when test="$name = 'receipt'"><path d="M6 3h12v18l-3-2-3 2-3-2-3 2z"/><path d="M9 8h6M9 12h6M9 16h4"/></xsl:when>
        <xsl:when test="$name = 'lifebuoy'"><circle cx="12" cy="12" r="9"/><circle cx="12" cy="12" r="4"/><path d="M5.6 5.6l3.6 3.6M14.8 14.8l3.6 3.6M18.4 5.6l-3.6 3.6M9.2 14.8l-3.6 3.6"/></xsl:when>
        <xsl:when test="$name = 'swap'"><path d="M4 8h13M13 4l4 4-4 4"/><path d="M20 16H7M11 12l-4 4 4 4"/></xsl:when>
        <xsl:otherwise><circle cx="12" cy="12" r="3"/></xsl:otherwise>
      </xsl:choose>
    </svg>
  </xsl:template>

  <!-- The icon for a navigation link to href (a path inside the site). -->
  <xsl:template name="nav-icon">
    <xsl:param name="href"/>
    <xsl:variable name="p" select="concat($href, '?')"/>
    <xsl:call-template name="icon">
      <xsl:with-param name="name">
        <xsl:choose>
          <xsl:when test="$href = '/' or $href = '/staff' or $href = '/staff/'">home</xsl:when>
          <xsl:when test="contains($p, 'projects') or contains($p, 'completed')">folder</xsl:when>
          <xsl:when test="contains($p, 'milestones')">calendar</xsl:when>
          <xsl:when test="contains($p, 'files')">file</xsl:when>
          <xsl:when test="contains($p, 'approvals')">check-circle</xsl:when>
          <xsl:when test="contains($p, 'decisions')">scale</xsl:when>
          <xsl:when test="contains($p, 'meetings')">calendar</xsl:when>
          <xsl:when test="contains($p, 'activity')">activity</xsl:when>
          <xsl:when test="contains($p, 'updates') or contains($p, 'messages')">message</xsl:when>
          <xsl:when test="contains($p, 'contracts')">contract</xsl:when>
          <xsl:when test="contains($p, 'esign')">pen</xsl:when>
          <xsl:when test="contains($p, 'invoices') or contains($p, 'payments')">receipt</xsl:when>
          <xsl:when test="contains($p, 'cases')">lifebuoy</xsl:when>
          <xsl:when test="contains($p, 'changes')">swap</xsl:when>
          <xsl:when test="contains($p, 'clients')">users</xsl:when>
          <xsl:when test="contains($p, 'users') or contains($p, 'account')">user</xsl:when>
          <xsl:when test="contains($p, 'events') or contains($p, 'jobs')">zap</xsl:when>
          <xsl:when test="contains($p, 'reports')">chart</xsl:when>
          <xsl:when test="contains($p, 'calendar')">calendar</xsl:when>
          <xsl:when test="$href = '/team'">users</xsl:when>
          <xsl:otherwise>dot</xsl:otherwise>
        </xsl:choose>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>
</xsl:stylesheet>
