<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../layout.xsl"/>
  <!--
    The calendar.  Staff: a month (a table of weeks) or a week, with
    filters, previous/next links and the private feed link; meetings
    waiting for a confirmation are tentative (dashed, labelled) and carry
    a Confirm button.  Contacts: their upcoming dates as a list by day.
    Every control is a link, a button or a form field (keyboard order is
    reading order); on a phone the grid becomes a list of the days that
    have events; printing leaves out the controls.
  -->
  <xsl:template name="head-extra">
    <link rel="stylesheet" href="{$static}/default/calendar.css?v={/atrium/site/@version}"/>
  </xsl:template>

  <xsl:template match="content" mode="page">
    <xsl:choose>
      <xsl:when test="calendar/@area = 'staff'"><xsl:apply-templates select="calendar" mode="staff"/></xsl:when>
      <xsl:otherwise><xsl:apply-templates select="calendar" mode="client"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The query string of the current filters, for the period links. -->
  <xsl:template name="cal-filters">
    <xsl:text>&amp;view=</xsl:text><xsl:value-of select="@view"/>
    <xsl:if test="@client != '0'">&amp;client=<xsl:value-of select="@client"/></xsl:if>
    <xsl:if test="@staff != '0'">&amp;staff=<xsl:value-of select="@staff"/></xsl:if>
  </xsl:template>

  <xsl:template match="calendar" mode="staff">
    <div class="page-head">
      <h1>Calendar <span class="cal-period"><xsl:value-of select="@title"/></span></h1>
      <nav class="cal-nav" aria-label="Period">
        <a class="button" rel="prev"><xsl:attribute name="href"><xsl:value-of select="concat($base, '/staff/calendar?date=', @prev)"/><xsl:call-template name="cal-filters"/></xsl:attribute>
          <span aria-hidden="true">&#8249; </span>Previous<span class="visually-hidden"><xsl:value-of select="concat(' ', @view)"/></span></a>
        <a class="button"><xsl:attribute name="href"><xsl:value-of select="concat($base, '/staff/calendar?date=', @today)"/><xsl:call-template name="cal-filters"/></xsl:attribute>Today</a>
        <a class="button" rel="next"><xsl:attribute name="href"><xsl:value-of select="concat($base, '/staff/calendar?date=', @next)"/><xsl:call-template name="cal-filters"/></xsl:attribute>Next<span class="visually-hidden"><xsl:value-of select="concat(' ', @view)"/></span><span aria-hidden="true"> &#8250;</span></a>
      </nav>
    </div>
    <form method="get" action="{$base}/staff/calendar" class="filter cal-filter" role="search" aria-label="Calendar">
      <input type="hidden" name="date" value="{@date}"/>
      <div class="ctl">
        <label for="f-view">View</label>
        <select id="f-view" name="view">
          <option value="month"><xsl:if test="@view = 'month'"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>Month</option>
          <option value="week"><xsl:if test="@view = 'week'"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>Week</option>
        </select>
      </div>
      <div class="ctl">
        <label for="f-client">Client</label>
        <select id="f-client" name="client">
          <option value="">All clients</option>
          <xsl:for-each select="../clients/client">
            <option value="{@id}"><xsl:if test="@id = current()/@client"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="@name"/></option>
          </xsl:for-each>
        </select>
      </div>
      <div class="ctl">
        <label for="f-staff">Staff member</label>
        <select id="f-staff" name="staff">
          <option value="">Everyone</option>
          <xsl:for-each select="../staff-list/person">
            <option value="{@id}"><xsl:if test="@id = current()/@staff"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="@name"/></option>
          </xsl:for-each>
        </select>
      </div>
      <button type="submit">Show</button>
    </form>
    <p class="cal-legend hint">
      <span class="cal-ev cal-confirmed">Confirmed</span>
      <xsl:text> </xsl:text>
      <span class="cal-ev cal-tentative">Tentative (waiting for a confirmation)</span>
    </p>
    <div class="cal-wrap">
      <table class="cal-grid cal-{@view}">
        <caption class="visually-hidden"><xsl:value-of select="@title"/></caption>
        <thead>
          <tr>
            <th scope="col" abbr="Monday">Mon</th><th scope="col" abbr="Tuesday">Tue</th>
            <th scope="col" abbr="Wednesday">Wed</th><th scope="col" abbr="Thursday">Thu</th>
            <th scope="col" abbr="Friday">Fri</th><th scope="col" abbr="Saturday">Sat</th>
            <th scope="col" abbr="Sunday">Sun</th>
          </tr>
        </thead>
        <tbody>
          <xsl:for-each select="week">
            <tr>
              <xsl:for-each select="day">
                <td>
                  <xsl:attribute name="class">
                    <xsl:text>cal-day</xsl:text>
                    <xsl:if test="@out = '1'"> cal-out</xsl:if>
                    <xsl:if test="@today = '1'"> cal-today</xsl:if>
                    <xsl:if test="event"> cal-busy</xsl:if>
                  </xsl:attribute>
                  <p class="cal-n">
                    <time datetime="{@date}">
                      <span class="cal-dow" aria-hidden="true"><xsl:value-of select="@dow"/><xsl:text> </xsl:text></span>
                      <span class="cal-num"><xsl:value-of select="@n"/></span>
                      <span class="visually-hidden"><xsl:value-of select="concat(' ', @label)"/></span>
                    </time>
                    <xsl:if test="@today = '1'"><span class="visually-hidden"> (today)</span></xsl:if>
                  </p>
                  <xsl:if test="event">
                    <ul class="cal-events">
                      <xsl:apply-templates select="event"/>
                    </ul>
                  </xsl:if>
                </td>
              </xsl:for-each>
            </tr>
          </xsl:for-each>
        </tbody>
      </table>
    </div>
    <xsl:if test="not(week/day/event)">
      <p class="hint cal-none">Nothing in this period<xsl:if test="@client != '0' or @staff != '0'"> for this filter</xsl:if>.</p>
    </xsl:if>
    <section class="panel cal-feed" aria-labelledby="feed-h">
      <h2 id="feed-h">Your calendar feed</h2>
      <xsl:choose>
        <xsl:when test="../feed/@url">
          <p>Subscribe to this private link in your calendar app. Keep it to yourself: anyone with it sees these events. It is shown only now.</p>
          <p class="field">
            <label for="feed-url">Feed link</label>
            <input id="feed-url" type="url" readonly="readonly" value="{../feed/@url}"/>
          </p>
        </xsl:when>
        <xsl:when test="../feed/@since">
          <p>You have a private feed link (made <xsl:value-of select="../feed/@since"/>). Lost it, or shared it by mistake? Make a new one: the old link stops working.</p>
        </xsl:when>
        <xsl:otherwise>
          <p>Get these events in your own calendar app with a private link.</p>
        </xsl:otherwise>
      </xsl:choose>
      <form method="post" action="{$base}/staff/calendar/feed" class="inline">
        <xsl:call-template name="csrf"/>
        <button type="submit">
          <xsl:choose>
            <xsl:when test="../feed/@since or ../feed/@url">Make a new link</xsl:when>
            <xsl:otherwise>Make my feed link</xsl:otherwise>
          </xsl:choose>
        </button>
      </form>
    </section>
  </xsl:template>

  <!-- One event in a day. -->
  <xsl:template match="event">
    <li class="cal-ev cal-{@status} cal-kind-{@kind}">
      <xsl:if test="@time"><span class="cal-time"><xsl:value-of select="@time"/></span><xsl:text> </xsl:text></xsl:if>
      <xsl:choose>
        <xsl:when test="@href"><a href="{$base}{@href}"><xsl:value-of select="@title"/></a></xsl:when>
        <xsl:otherwise><xsl:value-of select="@title"/></xsl:otherwise>
      </xsl:choose>
      <span class="cal-meta">
        <xsl:text> </xsl:text>
        <span class="cal-kind"><xsl:value-of select="@kind"/></span>
        <xsl:if test="@status = 'tentative'"><xsl:text>, </xsl:text><span class="cal-state">tentative</span></xsl:if>
        <xsl:if test="@client and $staff"><xsl:text> · </xsl:text><xsl:value-of select="@client"/></xsl:if>
        <xsl:if test="@who"><xsl:text> · </xsl:text><xsl:value-of select="@who"/></xsl:if>
      </span>
      <xsl:if test="@confirm">
        <form method="post" action="{$base}{@confirm}" class="cal-confirm">
          <xsl:call-template name="csrf"/>
          <xsl:for-each select="field">
            <input type="hidden" name="{@name}" value="{@value}"/>
          </xsl:for-each>
          <xsl:if test="@ask">
            <label for="ask-{@uid}" class="visually-hidden"><xsl:value-of select="concat(@ask-label, ' for ', @title)"/></label>
            <input id="ask-{@uid}" name="{@ask}" type="url" placeholder="{@ask-label}" required="required"/>
          </xsl:if>
          <button type="submit" class="cal-btn">Confirm<span class="visually-hidden"><xsl:value-of select="concat(' ', @title, ' at ', @time)"/></span></button>
        </form>
      </xsl:if>
    </li>
  </xsl:template>

  <!-- A contact's upcoming dates. -->
  <xsl:template match="calendar" mode="client">
    <h1>Calendar</h1>
    <p class="hint">Your dates with us in the next <xsl:value-of select="@days"/> days: meetings, milestones and tasks due.</p>
    <xsl:choose>
      <xsl:when test="week/day/event">
        <ol class="cal-upcoming">
          <xsl:for-each select="week/day[event]">
            <li>
              <h2 class="cal-day-head">
                <time datetime="{@date}"><xsl:value-of select="@label"/></time>
                <xsl:if test="@today = '1'"> (today)</xsl:if>
              </h2>
              <ul class="cal-events">
                <xsl:apply-templates select="event"/>
              </ul>
            </li>
          </xsl:for-each>
        </ol>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="empty">
          <xsl:with-param name="icon">calendar</xsl:with-param>
          <xsl:with-param name="title">Nothing scheduled yet.</xsl:with-param>
          <xsl:with-param name="text">Milestones, tasks due and meetings we share with you will show here.</xsl:with-param>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
